#include "counters/counter.hpp"

#include <cstdlib>

#include "core/error.hpp"
#include "counters/callgrind_counter.hpp"
#include "counters/perf_counter.hpp"
#include "counters/wall_counter.hpp"

namespace tally {

std::unique_ptr<Counter> make_counter(CounterKind kind, bool keep_profiles) {
  switch (kind) {
    case CounterKind::kWall:
      return std::make_unique<WallCounter>();
    case CounterKind::kPerf:
      return std::make_unique<PerfCounter>();
    case CounterKind::kCallgrind:
      break;
  }
  const char* dir = std::getenv("TALLY_CALLGRIND_DUMP_DIR");
  if (!dir)
    throw Error("TALLY_CALLGRIND_DUMP_DIR is not set in this worker",
                ExitCode::kNoCounter);
  return std::make_unique<CallgrindCounter>(dir, keep_profiles);
}

std::string metric_name(const std::string& region,
                        const std::string& quantity) {
  return region == "total" ? quantity : region + "_" + quantity;
}

}  // namespace tally

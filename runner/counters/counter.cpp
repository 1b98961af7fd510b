#include "counters/counter.hpp"

#include <cstdlib>

#include "core/error.hpp"
#include "counters/callgrind_counter.hpp"
#include "counters/perf_counter.hpp"
#include "counters/wall_counter.hpp"

namespace tally {

std::unique_ptr<Counter> make_counter(const std::string& name) {
  if (name == "wall") return std::make_unique<WallCounter>();
  if (name == "perf") return std::make_unique<PerfCounter>();
  if (name == "callgrind") {
    const char* dir = std::getenv("TALLY_CALLGRIND_DUMP_DIR");
    if (!dir)
      throw Error("TALLY_CALLGRIND_DUMP_DIR is not set in this worker",
                  ExitCode::kNoCounter);
    return std::make_unique<CallgrindCounter>(dir);
  }
  throw Error(
      "unknown counter '" + name + "' (expected wall, perf or callgrind)",
      ExitCode::kUsage);
}

std::string counter_quantity(const std::string& counter) {
  return counter == "wall" ? "wall_time_ns" : "instruction_count";
}

std::string metric_name(const std::string& region,
                        const std::string& quantity) {
  return region == "total" ? quantity : region + "_" + quantity;
}

}  // namespace tally

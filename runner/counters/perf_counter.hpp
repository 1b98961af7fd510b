// Hardware instructions retired in user space by the calling thread, from
// perf_event_open (PERF_COUNT_HW_INSTRUCTIONS, exclude_kernel, exclude_hv).
#ifndef TALLY_COUNTERS_PERF_COUNTER_HPP
#define TALLY_COUNTERS_PERF_COUNTER_HPP

#include <optional>
#include <string>

#include "core/fd.hpp"
#include "counters/counter.hpp"

namespace tally {

class PerfCounter final : public Counter {
 public:
  /// Opens the counter; throws tally::Error (kNoCounter) saying why not.
  PerfCounter();
  std::string quantity() const override { return "instruction_count"; }
  void resume() override { start_ = read_now(); }
  std::uint64_t pause() override { return read_now() - start_; }

 private:
  std::uint64_t read_now() const;
  Fd fd_;
  std::uint64_t start_ = 0;
};

/// Why the hardware instruction counter cannot be used here, or nothing
/// when it opens and counts.
std::optional<std::string> perf_unavailable_reason();

}  // namespace tally

#endif  // TALLY_COUNTERS_PERF_COUNTER_HPP

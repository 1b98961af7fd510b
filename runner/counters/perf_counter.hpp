// Hardware instructions retired in user space by every thread of the cell's
// process, from perf_event_open (PERF_COUNT_HW_INSTRUCTIONS, exclude_kernel,
// exclude_hv, inherit), enabled only inside regions. A count the kernel
// multiplexed (the counter ran less than the whole time it was enabled) is
// refused, never scaled.
//
// Opened in the cell's process while it has one thread: `inherit` then
// carries the counter into every thread it starts, and reads include the
// live ones. Not counted: the kernel, and processes the cell starts.
//
// TALLY_PERF_EVENT=task-clock (tests and diagnosis only) counts the software
// task clock, in nanoseconds, instead of instructions, with all other logic
// the same; it works without a PMU. TALLY_PERF_FAULT=multiplex or
// multiplex-once (tests only) makes every read, or the first read, look
// multiplexed.
#ifndef TALLY_COUNTERS_PERF_COUNTER_HPP
#define TALLY_COUNTERS_PERF_COUNTER_HPP

#include <cstdint>
#include <optional>
#include <string>

#include "core/fd.hpp"
#include "counters/counter.hpp"

namespace tally {

class PerfCounter final : public Counter {
 public:
  /// Opens the counter, disabled; throws tally::Error (kNoCounter) saying
  /// why not and what to do.
  PerfCounter();
  std::string quantity() const override { return "instruction_count"; }
  void resume() override;
  std::uint64_t pause() override;
  std::optional<std::string> take_sample_problem() override;

  /// What one read() gives: the count and how long the counter was enabled
  /// and actually on the PMU, in nanoseconds.
  struct Reading {
    std::uint64_t value = 0, enabled = 0, running = 0;
  };

 private:
  Reading read_now();
  Fd fd_;
  Reading start_;
  std::optional<std::string> problem_;
  int faults_left_ = 0;
};

/// Why the counter cannot be used here (what to do included), or nothing
/// when it opens and counts.
std::optional<std::string> perf_unavailable_reason();

/// What to tell the user when perf_event_open failed with `err`, given
/// kernel.perf_event_paranoid (INT_MAX when unknown).
std::string explain_perf_open_failure(int err, int paranoid);

/// Why a segment with these enabled and running times is not a count, or
/// nothing when the counter ran all the time it was enabled.
std::optional<std::string> multiplexing_problem(std::uint64_t enabled,
                                                std::uint64_t running);

}  // namespace tally

#endif  // TALLY_COUNTERS_PERF_COUNTER_HPP

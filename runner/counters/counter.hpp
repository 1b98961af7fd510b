// A counter measures one quantity inside a worker, between resume() and
// pause(); the region meter calls it at every region edge.
#ifndef TALLY_COUNTERS_COUNTER_HPP
#define TALLY_COUNTERS_COUNTER_HPP

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/counter_kind.hpp"

namespace tally {

class Counter {
 public:
  virtual ~Counter() = default;
  /// The metric suffix: "instruction_count" or "wall_time_ns".
  virtual std::string quantity() const = 0;
  /// Called once per cell after prepare_once(), before the first iteration.
  virtual void before_iterations() {}
  /// Called after the last iteration of a cell.
  virtual void after_iterations() {}
  /// Starts counting.
  virtual void resume() = 0;
  /// Stops counting and returns what was counted since the last resume().
  virtual std::uint64_t pause() = 0;
  /// Why the counts since the last call are not exact counts (a multiplexed
  /// perf counter), or nothing; clears the reason.
  virtual std::optional<std::string> take_sample_problem() {
    return std::nullopt;
  }
  /// The id of the profile the last pause() left behind (callgrind: the
  /// number of its dump file), or 0 when the counter keeps none.
  virtual int last_profile() const { return 0; }
};

/// A counter of `kind`, ready in this process; throws tally::Error when it
/// cannot work here. `keep_profiles`: a callgrind counter leaves its dumps
/// for the host (see Counter::last_profile).
std::unique_ptr<Counter> make_counter(CounterKind kind,
                                      bool keep_profiles = false);

/// The metric for `region` measured in `quantity`: "total" is the bare
/// quantity ("instruction_count"), others are prefixed ("compile_time_…").
std::string metric_name(const std::string& region, const std::string& quantity);

}  // namespace tally

#endif  // TALLY_COUNTERS_COUNTER_HPP

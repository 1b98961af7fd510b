// The outcome of one cell: status, reason, and per metric every sample with
// min/median/max. The reported value of a metric is its minimum.
#ifndef TALLY_RESULTS_CELL_RESULT_HPP
#define TALLY_RESULTS_CELL_RESULT_HPP

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/cell_status.hpp"
#include "plan/plan.hpp"

namespace tally {

/// pyperf calls a result unstable when its deviation passes 10 % of its mean;
/// tally flags a spread (max − min)/min beyond 10 % (matrix key
/// `unstable_spread`, in percent).
inline constexpr double kDefaultUnstableSpread = 0.10;

struct MetricStats {
  std::vector<std::uint64_t> samples;
  std::uint64_t min = 0, median = 0, max = 0;
  /// The callgrind profile of the minimum sample, relative to the results
  /// folder; empty when none was kept.
  std::string profile;
  /// With --profiles all: one per sample, in sample order.
  std::vector<std::string> all_profiles;
};

/// Stats of `samples` (not empty); the median of an even count is the lower.
MetricStats summarize(std::vector<std::uint64_t> samples);

/// (max − min) / min, 0 when min is 0.
double spread(const MetricStats& stats);
/// Sample standard deviation over mean, 0 for fewer than 2 samples.
double coefficient_of_variation(const MetricStats& stats);

struct CellResult;
/// Whether a metric's spread passes the cell's `unstable_spread`. Only a
/// noisy counter (wall, perf) can be unstable: under callgrind the
/// iterations differ by the same instructions on every run (the first one
/// pays LibTorch's lazy initialisation), which is no noise, and more
/// iterations or a quieter machine would change nothing.
bool is_unstable(const CellResult& r, const MetricStats& stats);

struct CellResult {
  std::string name, plugin, benchmark, backend, device;
  bool dynamic = false;
  Params params;
  std::string counter;
  int iterations = 0;
  CellStatus status = CellStatus::kOk;
  std::string reason;       // why skipped / failed / crashed / timed out
  std::string output_tail;  // the worker's last stdout/stderr lines
  double elapsed_s = 0;
  /// A metric whose spread exceeds this fraction is flagged `unstable`.
  double unstable_spread = kDefaultUnstableSpread;
  std::map<std::string, MetricStats> metrics;  // metric name -> stats
  // Region -> the most threads that could have run in it in any iteration:
  // those alive at its entry plus those started inside.
  std::map<std::string, int> threads;
};

/// A result carrying a planned cell's identity, status still to be set.
CellResult result_for(const PlannedCell& cell);
CellResult result_for(const SkippedCell& cell);

nlohmann::json to_json(const CellResult& result);
/// A cell of results.json or journal.jsonl, checked: throws
/// Error(kBadInput) as "WHERE: what is wrong" (a missing or mistyped field,
/// a metric without "min", a profile path outside the results folder).
/// A metric's min, median and max are the file's, else its samples'.
CellResult cell_result_from_json(const nlohmann::json& json,
                                 const std::string& where = "a cell");

}  // namespace tally

#endif  // TALLY_RESULTS_CELL_RESULT_HPP

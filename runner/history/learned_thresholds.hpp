// Per-cell significance thresholds learned from history, as rustc-perf
// does: Q3 + 3·IQR of the relative changes between consecutive runs of the
// last `window` runs, never below a floor. A cell whose noise is 0.01 %
// then gates at the floor, and one whose noise is 2 % at what it needs.
#ifndef TALLY_HISTORY_LEARNED_THRESHOLDS_HPP
#define TALLY_HISTORY_LEARNED_THRESHOLDS_HPP

#include <optional>
#include <string>
#include <vector>

namespace tally::history {

inline constexpr int kDefaultWindow = 30;        // runs, as rustc-perf
inline constexpr double kDefaultFloorPct = 0.2;  // percent, as rustc-perf
/// Fewer values than this (or than the window) learn nothing: quartiles of
/// a handful of changes say little.
inline constexpr int kMinLearningRuns = 10;

struct LearnedThreshold {
  std::optional<double> threshold_pct;  // the band: ± this many percent
  int runs = 0;                         // values it was learned from
  std::string why_not;                  // when nothing was learned
};

/// `values` oldest first (runs without a value left out); uses the last
/// `window` of them. `window` >= 3.
LearnedThreshold learn_threshold(const std::vector<double>& values, int window,
                                 double floor_pct);

/// The q-quantile (0..1) of `sorted`, linear between order statistics
/// (numpy's default).
double quantile(const std::vector<double>& sorted, double q);

}  // namespace tally::history

#endif  // TALLY_HISTORY_LEARNED_THRESHOLDS_HPP

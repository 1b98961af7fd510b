// Step detection over one cell's series of values (oldest first), for
// `tally history show`. A step is a value that left the previous stable
// level by more than the margin and whose next values stayed beyond it in
// the same direction, `min_runs` values in all; a value that left and came
// back is an outlier, and one at the end of the series that has not had
// the chance to stay is pending.
#ifndef TALLY_HISTORY_CHANGE_DETECTION_HPP
#define TALLY_HISTORY_CHANGE_DETECTION_HPP

#include <cstddef>
#include <vector>

namespace tally::history {

enum class PointKind { kNormal, kStep, kOutlier, kPending };

const char* point_kind_name(PointKind k);  // "normal", "step", ...

struct Step {
  std::size_t index = 0;  // of the first value at the new level
  double from = 0;        // the previous stable level (median of its values)
  double to = 0;          // median of the `min_runs` values that confirmed it
  double change_pct = 0;  // (to / from − 1) · 100
};

struct ChangeReport {
  std::vector<PointKind> kinds;  // one per value
  std::vector<Step> steps;
};

/// `margin` is a fraction (0.01 = 1 %); `min_runs` >= 1 (1 flags every
/// departure as a step).
ChangeReport detect_changes(const std::vector<double>& values, double margin,
                            int min_runs);

}  // namespace tally::history

#endif  // TALLY_HISTORY_CHANGE_DETECTION_HPP

#include "history/change_detection.hpp"

#include <algorithm>
#include <cmath>

namespace tally::history {

const char* point_kind_name(PointKind k) {
  switch (k) {
    case PointKind::kNormal:
      return "normal";
    case PointKind::kStep:
      return "step";
    case PointKind::kOutlier:
      return "outlier";
    case PointKind::kPending:
      return "pending";
  }
  return "?";
}

namespace {

// The median keeps one earlier outlier from dragging the level.
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// +1 above level·(1 + margin), −1 below level·(1 − margin), else 0.
int departure(double value, double level, double margin) {
  const double tolerance = std::fabs(level) * margin;
  if (value > level + tolerance) return 1;
  if (value < level - tolerance) return -1;
  return 0;
}

}  // namespace

ChangeReport detect_changes(const std::vector<double>& values, double margin,
                            int min_runs) {
  ChangeReport report;
  report.kinds.assign(values.size(), PointKind::kNormal);
  if (values.empty()) return report;
  const std::size_t window = static_cast<std::size_t>(std::max(min_runs, 1));
  std::vector<double> level_values = {values[0]};
  for (std::size_t i = 1; i < values.size(); ++i) {
    const double level = median(level_values);
    const int direction = departure(values[i], level, margin);
    if (direction == 0) {
      level_values.push_back(values[i]);
      continue;
    }
    const std::size_t end = std::min(values.size(), i + window);
    bool stayed = true;
    for (std::size_t j = i + 1; j < end && stayed; ++j) {
      stayed = departure(values[j], level, margin) == direction;
    }
    if (!stayed) {
      report.kinds[i] = PointKind::kOutlier;
    } else if (end - i < window) {
      report.kinds[i] = PointKind::kPending;
    } else {
      report.kinds[i] = PointKind::kStep;
      const std::vector<double> confirmed(values.begin() + i,
                                          values.begin() + end);
      const double to = median(confirmed);
      report.steps.push_back({i, level, to, (to / level - 1) * 100});
      level_values = {values[i]};
    }
  }
  return report;
}

}  // namespace tally::history

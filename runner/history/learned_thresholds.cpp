#include "history/learned_thresholds.hpp"

#include <algorithm>
#include <cmath>

namespace tally::history {

double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

LearnedThreshold learn_threshold(const std::vector<double>& values, int window,
                                 double floor_pct) {
  LearnedThreshold learned;
  const std::size_t used =
      std::min(values.size(), static_cast<std::size_t>(window));
  learned.runs = static_cast<int>(used);
  const int needed = std::min(window, kMinLearningRuns);
  if (learned.runs < needed) {
    learned.why_not = "history too short: " + std::to_string(learned.runs) +
                      " run(s), " + std::to_string(needed) + " needed";
    return learned;
  }
  std::vector<double> changes;
  for (std::size_t i = values.size() - used + 1; i < values.size(); ++i) {
    if (values[i - 1] <= 0) continue;  // a relative change needs a base
    changes.push_back(std::fabs(values[i] / values[i - 1] - 1) * 100);
  }
  if (changes.size() < 2) {
    learned.why_not = "history has no positive values to learn from";
    return learned;
  }
  std::sort(changes.begin(), changes.end());
  const double q1 = quantile(changes, 0.25), q3 = quantile(changes, 0.75);
  learned.threshold_pct = std::max(floor_pct, q3 + 3 * (q3 - q1));
  return learned;
}

}  // namespace tally::history

#include "gate/history_thresholds.hpp"

#include <map>

#include "history/history_db.hpp"

namespace tally::gate {

AppliedThresholds apply_history_thresholds(ExpectedFile& expected,
                                           const std::string& db_path,
                                           int window, double floor_pct) {
  history::HistoryDb db(db_path, false);
  std::map<std::pair<std::string, std::string>, std::vector<double>> values;
  for (const ExpectedRow& row : expected.rows) values[{row.name, row.metric}];
  for (const history::Series& s :
       db.series([&](const std::string& name, const std::string& metric) {
         return values.count({name, metric}) > 0;
       }))
    for (const history::Point& p : s.points)
      if (p.value) values[{s.name, s.metric}].push_back(*p.value);
  AppliedThresholds applied;
  for (ExpectedRow& row : expected.rows) {
    const history::LearnedThreshold learned = history::learn_threshold(
        values[{row.name, row.metric}], window, floor_pct);
    if (learned.threshold_pct) {
      row.margin = *learned.threshold_pct / 100;
      ++applied.learned;
    } else {
      applied.fallbacks.push_back(
          {row.line, row.name, row.metric, learned.why_not});
    }
  }
  const auto metadata = db.run_metadata();
  if (!metadata.empty()) applied.last_run_metadata = metadata.rbegin()->second;
  return applied;
}

}  // namespace tally::gate

// `tally check --thresholds-from-history DB`: each expected row's margin
// replaced by the noise band its cell and metric show in the history
// (learned_thresholds.hpp), or kept when the history is too short.
#ifndef TALLY_GATE_HISTORY_THRESHOLDS_HPP
#define TALLY_GATE_HISTORY_THRESHOLDS_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gate/expected_file.hpp"
#include "history/learned_thresholds.hpp"

namespace tally::gate {

struct ThresholdFallback {
  int line = 0;  // in the expected file
  std::string name, metric;
  std::string why;  // e.g. "history too short: 4 run(s), 10 needed"
};

struct AppliedThresholds {
  int learned = 0;
  std::vector<ThresholdFallback> fallbacks;
  /// The metadata of the history's last run, to compare environments;
  /// null when the history has none.
  nlohmann::json last_run_metadata;
};

/// Sets each row's margin of `expected` to its learned band (a fraction),
/// over the last `window` runs of `db_path`, never below `floor_pct`.
/// Throws tally::Error as HistoryDb does (kIoError when the file is absent).
AppliedThresholds apply_history_thresholds(ExpectedFile& expected,
                                           const std::string& db_path,
                                           int window, double floor_pct);

}  // namespace tally::gate

#endif  // TALLY_GATE_HISTORY_THRESHOLDS_HPP

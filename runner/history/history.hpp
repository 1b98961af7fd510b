// The history operations behind `tally history add|show` (and
// `tally run --history`): adding a run's results to a database, and loading
// filtered series with their detected steps.
#ifndef TALLY_HISTORY_HISTORY_HPP
#define TALLY_HISTORY_HISTORY_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "compare/environment_diff.hpp"
#include "history/change_detection.hpp"
#include "history/history_db.hpp"
#include "history/learned_thresholds.hpp"
#include "results/results_reader.hpp"

namespace tally::history {

/// Adds the run at `results_path` (a results folder, results.json or CSV,
/// as read_results takes) to the database at `db_path`, creating it when
/// absent. Throws tally::Error as read_results and HistoryDb do.
void history_add(const std::string& results_path, const std::string& db_path);

struct AddSummary {
  std::int64_t run_id = 0;
  std::string source;          // the results file read
  std::size_t values = 0;      // cell/metric values stored
  std::size_t no_metrics = 0;  // cells stored with their status only
};

/// history_add, saying what it stored.
AddSummary add_to_history(const std::string& results_path,
                          const std::string& db_path);
/// The same for results already read (a run just finished).
AddSummary add_to_history(const Results& results, const std::string& db_path);

/// The results.json of the newest run in the history that is still on
/// disk: where `tally run --costs DB` (or --history DB) takes cell times.
/// Throws tally::Error when none is left.
std::string newest_results_on_disk(const std::string& db_path);

struct ShowOptions {
  std::string name_regex;    // ECMAScript, searched in the cell name; "" = all
  std::string metric_regex;  // searched in the metric name; "" = all
  double margin_pct = 1.0;   // a step leaves its level by more than this
  int min_runs = 2;          // ... for at least this many runs
  int window = kDefaultWindow;          // runs the noise band is learned from
  double floor_pct = kDefaultFloorPct;  // the least band
};

struct SeriesView {
  Series series;
  std::vector<PointKind> kinds;  // one per point (kNormal for no value)
  struct StepAt {
    std::int64_t run_id;
    Step step;
  };
  std::vector<StepAt> steps;
  LearnedThreshold band;  // the learned noise band of the series
};

/// A run whose environment differs from the run before it.
struct EnvironmentChange {
  std::int64_t run_id = 0, previous_run_id = 0;
  std::vector<compare::EnvironmentDifference> differences;
};

struct HistoryView {
  std::string db_path;
  ShowOptions options;
  std::vector<RunInfo> runs;
  std::vector<SeriesView> series;
  std::vector<EnvironmentChange> environment_changes;
};

/// Throws kUsage for an invalid regex, kIoError when the database is absent.
HistoryView load_history(const std::string& db_path,
                         const ShowOptions& options);

}  // namespace tally::history

#endif  // TALLY_HISTORY_HISTORY_HPP

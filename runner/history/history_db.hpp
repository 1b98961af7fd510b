// The nightly history: an SQLite database of runs (with their metadata) and
// their values per cell and metric.
//
// Schema (PRAGMA user_version = 1):
//   runs(id, added_at, start_time, end_time, git_commit, libtorch_version,
//        counter, host, cpu, kernel, tally_version, config_path, source)
//   results(run_id, name, metric, value)      one per measured cell/metric
//   outcomes(run_id, name, status, reason)    cells that produced no value
//   run_metadata(run_id, metadata)            results.json's metadata, JSON
//   run_ids(run_id, uid)                      results.json's run_id, unique
//     (both added to a version-1 database with its next run)
#ifndef TALLY_HISTORY_HISTORY_DB_HPP
#define TALLY_HISTORY_HISTORY_DB_HPP

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "history/sqlite.hpp"
#include "results/results_reader.hpp"

namespace tally::history {

struct RunInfo {
  std::int64_t id = 0;
  std::string added_at;  // UTC, ISO 8601
  std::optional<std::string> start_time, git_commit, libtorch_version, counter,
      host, cpu;
  std::string source;  // the results file it came from
};

/// One run's entry in a series: a value, or why the cell gave none.
struct Point {
  std::int64_t run_id = 0;
  std::optional<double> value;
  std::string status = "ok";
  std::string reason;
};

struct Series {
  std::string name;
  std::string metric;
  std::vector<Point> points;  // oldest run first
};

class HistoryDb {
 public:
  /// With `create`, makes the database (and its schema) when absent;
  /// without, a missing file throws kIoError. A database of another schema
  /// version throws kBadInput.
  HistoryDb(const std::string& path, bool create);

  /// Stores a run in one transaction and returns its id. Refuses (kBadInput)
  /// a run already stored (same run_id, or for a results.json without one
  /// the same start time, host and commit), so a retried nightly job cannot
  /// fake a confirmed step.
  std::int64_t add_run(const Results& results);

  std::vector<RunInfo> runs();
  /// Each run's results.json metadata, by run id; runs stored before the
  /// table existed have none.
  std::map<std::int64_t, nlohmann::json> run_metadata();
  /// The series of every (name, metric) `keep` accepts, by name and metric.
  std::vector<Series> series(
      const std::function<bool(const std::string& name,
                               const std::string& metric)>& keep);

 private:
  void refuse_stored(const Results& results);

  SqliteDb db_;
};

}  // namespace tally::history

#endif  // TALLY_HISTORY_HISTORY_DB_HPP

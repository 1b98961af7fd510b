#include "history/history_db.hpp"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <ctime>
#include <map>

#include "core/error.hpp"

namespace tally::history {

namespace {

constexpr int kSchemaVersion = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  added_at TEXT NOT NULL,
  start_time TEXT, end_time TEXT, git_commit TEXT, libtorch_version TEXT,
  counter TEXT, host TEXT, cpu TEXT, kernel TEXT, tally_version TEXT,
  config_path TEXT,
  source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS results (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (run_id, name, metric)
);
CREATE TABLE IF NOT EXISTS outcomes (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (run_id, name)
);
)sql";

// Additive to schema version 1: a database made before it gains the table
// when a run is next added, and its older runs simply have no metadata.
constexpr const char* kMetadataTable = R"sql(
CREATE TABLE IF NOT EXISTS run_metadata (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id),
  metadata TEXT NOT NULL
);
)sql";

// Additive to schema version 1, as run_metadata: a run's id from its
// results.json (`run_id`), which is what tells runs apart. Runs stored
// before it have no row here and keep the older identity, below.
constexpr const char* kRunIdTable = R"sql(
CREATE TABLE IF NOT EXISTS run_ids (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id),
  uid TEXT NOT NULL UNIQUE
);
)sql";

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<std::string> meta(const nlohmann::json& metadata,
                                const char* key) {
  auto it = metadata.find(key);
  if (it == metadata.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

HistoryDb::HistoryDb(const std::string& path, bool create) : db_(path, create) {
  Statement version(db_, "PRAGMA user_version");
  version.step();
  const std::int64_t found = version.column_int64(0);
  if (found == 0) {
    // Only a new file becomes a history: never write tally's tables into
    // another program's database, nor into a file only to be read.
    Statement tables(db_, "SELECT count(*) FROM sqlite_master");
    tables.step();
    if (!create || tables.column_int64(0) > 0)
      throw Error(path +
                      ": not a tally history database; give the file that "
                      "`tally history add` writes",
                  ExitCode::kBadInput);
    Transaction tx(db_);
    db_.exec(kSchema);
    db_.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    tx.commit();
  } else if (found != kSchemaVersion) {
    throw Error(path + ": history schema version " + std::to_string(found) +
                    ", this tally reads version " +
                    std::to_string(kSchemaVersion),
                ExitCode::kBadInput);
  }
}

// Refuses a run already stored. A results.json with a run_id is the same
// run only as one with that id. One from before run ids has none; its
// identity is derived from the old triple (start time to the second, host,
// git commit) and matched only against runs stored without an id, as
// before: a file with no start time matches nothing.
void HistoryDb::refuse_stored(const Results& results) {
  const nlohmann::json& m = results.metadata;
  const auto uid = meta(m, "run_id");
  const auto start_time = meta(m, "start_time");
  std::string same;
  std::optional<std::int64_t> stored;
  if (uid) {
    Statement dup(db_, "SELECT run_id FROM run_ids WHERE uid = ?1");
    dup.bind(1, uid);
    if (dup.step()) stored = dup.column_int64(0);
    same = "same run_id " + *uid;
  } else if (start_time) {
    Statement dup(db_,
                  "SELECT id FROM runs WHERE start_time = ?1 AND host IS ?2 "
                  "AND git_commit IS ?3 AND id NOT IN "
                  "(SELECT run_id FROM run_ids)");
    dup.bind(1, start_time)
        .bind(2, meta(m, "host"))
        .bind(3, meta(m, "git_commit"));
    if (dup.step()) stored = dup.column_int64(0);
    same = "same start_time, host and git_commit; it has no run_id";
  }
  if (stored)
    throw Error(results.path + ": already in " + db_.path() + " as run " +
                    std::to_string(*stored) + " (" + same + ")",
                ExitCode::kBadInput);
}

std::int64_t HistoryDb::add_run(const Results& results) {
  const nlohmann::json& m = results.metadata;
  Transaction tx(db_);
  db_.exec(kRunIdTable);
  refuse_stored(results);
  const auto start_time = meta(m, "start_time");
  Statement run(db_,
                "INSERT INTO runs (added_at, start_time, end_time, git_commit, "
                "libtorch_version, counter, host, cpu, kernel, tally_version, "
                "config_path, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                "?9, ?10, ?11, ?12)");
  run.bind(1, utc_now())
      .bind(2, start_time)
      .bind(3, meta(m, "end_time"))
      .bind(4, meta(m, "git_commit"))
      .bind(5, meta(m, "libtorch_version"))
      .bind(6, meta(m, "counter"))
      .bind(7, meta(m, "host"))
      .bind(8, meta(m, "cpu"))
      .bind(9, meta(m, "kernel"))
      .bind(10, meta(m, "tally_version"))
      .bind(11, meta(m, "config_path"))
      // Absolute: `run --costs DB` reads it back from any folder.
      .bind(12, boost::filesystem::absolute(results.path).string());
  run.step();
  const std::int64_t run_id = db_.last_insert_rowid();

  Statement value(db_,
                  "INSERT INTO results (run_id, name, metric, value) VALUES "
                  "(?1, ?2, ?3, ?4)");
  for (const ResultRow& r : results.rows) {
    value.bind(1, run_id).bind(2, r.name).bind(3, r.metric).bind(4, r.value);
    value.step();
    value.reset();
  }
  db_.exec(kMetadataTable);
  Statement metadata(
      db_, "INSERT INTO run_metadata (run_id, metadata) VALUES (?1, ?2)");
  metadata.bind(1, run_id).bind(2, m.dump());
  metadata.step();
  if (const auto uid = meta(m, "run_id")) {
    Statement id(db_, "INSERT INTO run_ids (run_id, uid) VALUES (?1, ?2)");
    id.bind(1, run_id).bind(2, uid);
    id.step();
  }
  Statement outcome(db_,
                    "INSERT INTO outcomes (run_id, name, status, reason) "
                    "VALUES (?1, ?2, ?3, ?4)");
  for (const CellOutcome& o : results.no_metrics) {
    outcome.bind(1, run_id).bind(2, o.name).bind(3, o.status).bind(4, o.reason);
    outcome.step();
    outcome.reset();
  }
  tx.commit();
  return run_id;
}

std::vector<RunInfo> HistoryDb::runs() {
  Statement q(db_,
              "SELECT id, added_at, start_time, git_commit, libtorch_version, "
              "counter, host, cpu, source FROM runs ORDER BY id");
  std::vector<RunInfo> out;
  while (q.step()) {
    RunInfo r;
    r.id = q.column_int64(0);
    r.added_at = q.column_text(1);
    r.start_time = q.column_optional_text(2);
    r.git_commit = q.column_optional_text(3);
    r.libtorch_version = q.column_optional_text(4);
    r.counter = q.column_optional_text(5);
    r.host = q.column_optional_text(6);
    r.cpu = q.column_optional_text(7);
    r.source = q.column_text(8);
    out.push_back(std::move(r));
  }
  return out;
}

std::map<std::int64_t, nlohmann::json> HistoryDb::run_metadata() {
  std::map<std::int64_t, nlohmann::json> out;
  // Reading never writes: a database no run was added to since the table
  // came has none, and may be read-only.
  Statement table(db_,
                  "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                  "name = 'run_metadata'");
  if (!table.step()) return out;
  Statement q(db_, "SELECT run_id, metadata FROM run_metadata ORDER BY run_id");
  while (q.step()) {
    try {
      out[q.column_int64(0)] = nlohmann::json::parse(q.column_text(1));
    } catch (const nlohmann::json::parse_error&) {
      throw Error(db_.path() + ": run_metadata of run " +
                      std::to_string(q.column_int64(0)) + " is not JSON",
                  ExitCode::kBadInput);
    }
  }
  return out;
}

std::vector<Series> HistoryDb::series(
    const std::function<bool(const std::string&, const std::string&)>& keep) {
  std::map<std::pair<std::string, std::string>, Series> by_key;
  Statement values(db_,
                   "SELECT name, metric, run_id, value FROM results "
                   "ORDER BY name, metric, run_id");
  // Rows come grouped by series: ask `keep` (a regex search) once per
  // series rather than once per stored value.
  std::string name, metric;
  Series* current = nullptr;
  bool started = false;
  while (values.step()) {
    std::string row_name = values.column_text(0);
    std::string row_metric = values.column_text(1);
    if (!started || row_name != name || row_metric != metric) {
      started = true;
      name = std::move(row_name);
      metric = std::move(row_metric);
      current = keep(name, metric) ? &by_key[{name, metric}] : nullptr;
      if (current) {
        current->name = name;
        current->metric = metric;
      }
    }
    if (!current) continue;
    Point p;
    p.run_id = values.column_int64(2);
    p.value = values.column_double(3);
    current->points.push_back(p);
  }
  // A cell that failed in some run has no value there; show why in every
  // series of that cell.
  Statement outcomes(db_,
                     "SELECT name, run_id, status, reason FROM outcomes "
                     "ORDER BY run_id");
  while (outcomes.step()) {
    const std::string name = outcomes.column_text(0);
    for (auto it = by_key.lower_bound({name, ""});
         it != by_key.end() && it->first.first == name; ++it) {
      Point p;
      p.run_id = outcomes.column_int64(1);
      p.status = outcomes.column_text(2);
      p.reason = outcomes.column_text(3);
      auto& points = it->second.points;
      auto pos =
          std::find_if(points.begin(), points.end(),
                       [&](const Point& q) { return q.run_id > p.run_id; });
      points.insert(pos, p);
    }
  }
  std::vector<Series> out;
  for (auto& [key, s] : by_key) out.push_back(std::move(s));
  return out;
}

}  // namespace tally::history

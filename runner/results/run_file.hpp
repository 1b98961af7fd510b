// run.json: what a `tally run` was asked to do, written into its results
// folder before any cell runs, so `--resume` plans the same cells again.
#ifndef TALLY_RESULTS_RUN_FILE_HPP
#define TALLY_RESULTS_RUN_FILE_HPP

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tally {

/// The options of `tally run` that decide what is measured and how.
struct RunRequest {
  std::string config_path;
  std::vector<std::string> plugin_folders;
  std::optional<std::string> filter;  // regex on result names
  std::optional<int> iterations;
  std::optional<std::string> counter;
  std::optional<double> timeout_s;
  std::optional<double> memory_limit_mb;
  std::optional<int> jobs;  // --jobs; none: auto (run/worker_count.hpp)
  std::optional<std::string> history_db;
  bool allow_insecure_plugins = false;
  std::optional<double> probe_timeout_s;
  std::optional<std::string> profiles;  // none | min | all
  std::optional<std::string> costs;     // --costs: where cell times come from
  // --shard K/N, resolved (auto becomes the numbers the job engine gave).
  std::optional<int> shard_index, shard_count;
  bool report = false;  // write report.html into the results folder
  bool verify = false;  // measure each cell twice (run/verify.hpp)
};

/// Writes dir/run.json for `request`, with the run's id, its config file's
/// SHA-256 and, for a shard, `shard_plan` (fingerprint and owned cells,
/// which merge reads).
void write_run_file(const std::string& dir, const RunRequest& request,
                    const std::string& run_id,
                    const nlohmann::json& shard_plan = nullptr);

/// The run id in dir/run.json; empty for one written before runs had ids.
/// Throws Error when dir has no readable run.json; `action` ("resume",
/// "merge") is what the message says cannot be done.
std::string read_run_id(const std::string& dir, const std::string& action);

/// The `shard_plan` of dir/run.json: null for a run that is not a shard.
/// Throws Error when dir has no readable run.json.
nlohmann::json read_shard_plan(const std::string& dir);

/// The request in dir/run.json; throws Error when there is none, when it is
/// damaged, or when the config file changed since the run started.
RunRequest read_run_file(const std::string& dir);

}  // namespace tally

#endif  // TALLY_RESULTS_RUN_FILE_HPP

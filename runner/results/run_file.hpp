// run.json: what a `tally run` was asked to do, written into its results
// folder before any cell runs, so `--resume` plans the same cells again.
#ifndef TALLY_RESULTS_RUN_FILE_HPP
#define TALLY_RESULTS_RUN_FILE_HPP

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
  int jobs = 1;
  std::optional<std::string> history_db;
  bool allow_insecure_plugins = false;
  std::optional<double> probe_timeout_s;
  std::optional<std::string> profiles;  // none | min | all
  bool report = false;  // write report.html into the results folder
};

/// Writes dir/run.json for `request`, with its config file's SHA-256.
void write_run_file(const std::string& dir, const RunRequest& request);

/// The request in dir/run.json; throws Error when there is none, when it is
/// damaged, or when the config file changed since the run started.
RunRequest read_run_file(const std::string& dir);

}  // namespace tally

#endif  // TALLY_RESULTS_RUN_FILE_HPP

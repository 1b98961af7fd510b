// A whole `tally run`: config → plan → workers → journal → results files.
#ifndef TALLY_RUN_SWEEP_HPP
#define TALLY_RUN_SWEEP_HPP

#include <optional>
#include <string>
#include <vector>

#include "core/exit_code.hpp"

namespace tally {

struct SweepOptions {
  std::string config_path;
  std::vector<std::string> plugin_folders;
  std::optional<std::string> filter;  // regex on result names
  std::optional<int> iterations;
  std::optional<std::string> counter;
  std::optional<double> timeout_s;
  std::optional<std::string> out_dir;
  int jobs = 1;
  bool dry_run = false;
  std::optional<std::string> history_db;
  std::optional<double> memory_limit_mb;
  bool allow_insecure_plugins = false;
  std::optional<double> probe_timeout_s;
  bool resume = false;  // out_dir holds an interrupted run to continue
};

/// Runs the sweep and returns the exit code (kOk, kCellsFailed, …); throws
/// tally::Error for problems found before any cell runs.
ExitCode run_sweep(const SweepOptions& options);

/// The options an interrupted run in `dir` started with (from dir/run.json),
/// set to resume it.
SweepOptions resume_options(const std::string& dir);

}  // namespace tally

#endif  // TALLY_RUN_SWEEP_HPP

// A whole `tally run`, in four phases: plan (config, plugins, matrix,
// counters), open or resume the results folder, execute the cells in
// workers, finalize (results files, summary, history).
#ifndef TALLY_RUN_SWEEP_HPP
#define TALLY_RUN_SWEEP_HPP

#include <optional>
#include <string>

#include "core/exit_code.hpp"
#include "results/run_file.hpp"

namespace tally {

struct SweepOptions : RunRequest {
  std::optional<std::string> out_dir;
  bool dry_run = false;
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

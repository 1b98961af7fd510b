// The measuring half of `tally run`, in four phases: plan (config, plugins,
// matrix, counters), open or resume the results folder, execute the cells
// in workers, finalize (results files and summary). What analyses a run
// (history, report) is the CLI's to compose after it: measuring includes
// nothing of analysing.
#ifndef TALLY_RUN_SWEEP_HPP
#define TALLY_RUN_SWEEP_HPP

#include <cstddef>
#include <optional>
#include <string>

#include "core/exit_code.hpp"
#include "results/run_file.hpp"
#include "results/run_results.hpp"
#include "run/cell_costs.hpp"
#include "run/verify.hpp"

namespace tally {

struct SweepOptions : RunRequest {
  std::optional<std::string> out_dir;
  bool dry_run = false;
  bool resume = false;  // out_dir holds an interrupted run to continue
  // Reads a history database for cell times (--costs DB, --history DB).
  HistoryResults history_results;
};

/// What a sweep left: its results folder and how it ended.
struct SweepOutcome {
  std::string out_dir;            // empty for a dry run
  ExitCode code = ExitCode::kOk;  // kOk, kCellsFailed or kInterrupted
  bool interrupted = false;
  std::size_t finished = 0;              // cells with a result
  std::optional<VerifyReport> verified;  // with --verify
  /// What results.json holds, as written: the history and the report take
  /// the run from here rather than reading the file back.
  RunResults results;
};

/// Measures the sweep and writes its results files; throws tally::Error
/// for problems found before any cell runs.
SweepOutcome run_sweep(const SweepOptions& options);

/// Prints how the sweep ended (an interruption, the --verify report) and
/// returns the run's exit code.
ExitCode conclude(const SweepOutcome& outcome);

/// The options an interrupted run in `dir` started with (from dir/run.json),
/// set to resume it.
SweepOptions resume_options(const std::string& dir);

}  // namespace tally

#endif  // TALLY_RUN_SWEEP_HPP

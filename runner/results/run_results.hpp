// results.json, the one file that holds a whole run: its model (metadata
// and every cell with its samples, metrics and kept profiles), written and
// read only here, so its format has one owner. Every other reader of a
// run (check, compare, history, explain, export, report, merge, costs)
// starts from a RunResults.
#ifndef TALLY_RESULTS_RUN_RESULTS_HPP
#define TALLY_RESULTS_RUN_RESULTS_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/cell_result.hpp"
#include "results/results_format.hpp"

namespace tally {

struct RunResults {
  std::string path;  // the file read; empty for a run still in memory
  /// Open-ended (to_json(RunMetadata) plus what a run or merge adds, such
  /// as worker_startup_s or shards), so kept as the JSON object it is.
  nlohmann::json metadata = nlohmann::json::object();
  std::vector<CellResult> cells;  // plan order, skipped cells included

  /// metadata.counter; empty when absent or not a string.
  std::string counter() const;
};

/// The text of results.json, format_version kResultsFormatVersion.
std::string results_json_text(const RunResults& run);

/// The run in a parsed results.json `doc`, read from `path` (for
/// messages). Throws Error(kBadInput) naming the file, and the cell where
/// one is at fault: a format_version it does not read, no "cells" array, a
/// duplicate or malformed cell (see cell_result_from_json).
RunResults run_results_from_json(const nlohmann::json& doc,
                                 const std::string& path);

/// Reads the results.json file at `path` (not a folder). Throws
/// Error(kIoError) when it cannot be read, else as run_results_from_json.
RunResults read_run_results(const std::string& path);

}  // namespace tally

#endif  // TALLY_RESULTS_RUN_RESULTS_HPP

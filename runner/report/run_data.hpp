// A run as the run page draws it: results.json's metadata and every cell
// with its samples, read strictly so that a foreign or damaged file stops
// the report with one line instead of drawing a wrong page.
#ifndef TALLY_REPORT_RUN_DATA_HPP
#define TALLY_REPORT_RUN_DATA_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/cell_result.hpp"

namespace tally::report {

struct RunData {
  std::string results_json;  // the file read
  nlohmann::json metadata = nlohmann::json::object();
  std::vector<CellResult> cells;  // file order
};

/// Reads `path`: a results folder or its results.json. Throws tally::Error
/// naming the file: kIoError when absent or unreadable, kBadInput when it
/// is not a tally results.json (not JSON, no "cells" array, a cell without
/// its fields).
RunData read_run(const std::string& path);

}  // namespace tally::report

#endif  // TALLY_REPORT_RUN_DATA_HPP

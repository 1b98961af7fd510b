// results.csv (PyTorch's name,metric,value rows) and results.json (metadata
// and every cell with its samples).
#ifndef TALLY_RESULTS_RESULTS_FILES_HPP
#define TALLY_RESULTS_RESULTS_FILES_HPP

#include <string>
#include <vector>

#include "results/cell_result.hpp"
#include "results/run_metadata.hpp"

namespace tally {

/// `name,metric,value` per metric of every ok cell; value is the minimum.
std::string results_csv(const std::vector<CellResult>& results);

std::string results_json(const RunMetadata& metadata,
                         const std::vector<CellResult>& results);
/// The same with metadata already as JSON (e.g. merged from shards).
std::string results_json(const nlohmann::json& metadata,
                         const std::vector<CellResult>& results);

}  // namespace tally

#endif  // TALLY_RESULTS_RESULTS_FILES_HPP

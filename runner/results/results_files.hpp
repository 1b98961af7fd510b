// results.csv: PyTorch's name,metric,value rows (results.json is
// run_results.hpp's).
#ifndef TALLY_RESULTS_RESULTS_FILES_HPP
#define TALLY_RESULTS_RESULTS_FILES_HPP

#include <string>
#include <vector>

#include "results/cell_result.hpp"

namespace tally {

/// `name,metric,value` per metric of every ok cell; value is the minimum.
std::string results_csv(const std::vector<CellResult>& results);

}  // namespace tally

#endif  // TALLY_RESULTS_RESULTS_FILES_HPP

// The page of one run (`tally report RESULTS_DIR`, `tally run --report`):
// its metadata, status counts, a sortable and filterable table with one row
// per cell (each metric's min, median, max, spread and samples as a
// sparkline), and the cells that gave no measurement with their reasons.
#ifndef TALLY_REPORT_RUN_PAGE_HPP
#define TALLY_REPORT_RUN_PAGE_HPP

#include <string>

#include "report/run_data.hpp"

namespace tally::report {

/// The whole HTML document for `run`.
std::string run_page(const RunResults& run);

}  // namespace tally::report

#endif  // TALLY_REPORT_RUN_PAGE_HPP

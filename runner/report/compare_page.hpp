// The page of two runs (`tally report BASE NEW`): a bar chart of the %
// change per cell and metric with the threshold marked, regressions first,
// the geometric mean, rows measured on one side only, and, where both runs
// kept profiles, each changed row's explanation and flamegraph.
#ifndef TALLY_REPORT_COMPARE_PAGE_HPP
#define TALLY_REPORT_COMPARE_PAGE_HPP

#include <string>

namespace tally::report {

/// Reads both runs (results folders, results.json or CSV, as `tally
/// compare` does) and returns the whole HTML document. Throws tally::Error
/// as read_results does.
std::string compare_page(const std::string& base_path,
                         const std::string& new_path, double threshold_pct);

}  // namespace tally::report

#endif  // TALLY_REPORT_COMPARE_PAGE_HPP

// The run page written into its results folder, for `tally run --report`.
#ifndef TALLY_REPORT_REPORT_FILE_HPP
#define TALLY_REPORT_REPORT_FILE_HPP

#include <string>

namespace tally::report {

/// The run page of the results folder `dir`, written to dir/report.html
/// (`tally run --report`); returns that path.
std::string write_run_report(const std::string& dir);

}  // namespace tally::report

#endif  // TALLY_REPORT_REPORT_FILE_HPP

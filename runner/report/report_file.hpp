// The run page written into its results folder, for `tally run --report`.
#ifndef TALLY_REPORT_REPORT_FILE_HPP
#define TALLY_REPORT_REPORT_FILE_HPP

#include <string>

#include "results/run_results.hpp"

namespace tally::report {

/// The run page of `run`, written to dir/report.html beside its results
/// (`tally run --report`); returns that path.
std::string write_run_report(const RunResults& run, const std::string& dir);

}  // namespace tally::report

#endif  // TALLY_REPORT_REPORT_FILE_HPP

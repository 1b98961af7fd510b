// A run as the run page draws it: the results.json of a results folder or
// the file itself, read through the results model so that a foreign or
// damaged file stops the report with one line instead of drawing a wrong
// page.
#ifndef TALLY_REPORT_RUN_DATA_HPP
#define TALLY_REPORT_RUN_DATA_HPP

#include <string>

#include "results/run_results.hpp"

namespace tally::report {

/// Reads `path`: a results folder or its results.json. Throws tally::Error
/// naming the file: kIoError when absent or unreadable, kBadInput when it
/// is a CSV or not a tally results.json (see read_run_results).
RunResults read_run(const std::string& path);

}  // namespace tally::report

#endif  // TALLY_REPORT_RUN_DATA_HPP

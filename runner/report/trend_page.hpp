// The nightly page (`tally report --history DB`): per cell and metric the
// value over runs (x = run time, run and commit on hover), its ±margin band
// around each stable level and the detected steps marked, with a table of
// every series and its sparkline. Series with steps come first.
#ifndef TALLY_REPORT_TREND_PAGE_HPP
#define TALLY_REPORT_TREND_PAGE_HPP

#include <string>

#include "history/history.hpp"

namespace tally::report {

/// Loads the history (see history::load_history, which throws kUsage for
/// a bad regex, kIoError for a missing database, kBadInput for a foreign
/// one) and returns the whole HTML document. An empty history, or one run,
/// gives a page that says so.
std::string trend_page(const std::string& db_path,
                       const history::ShowOptions& options);

}  // namespace tally::report

#endif  // TALLY_REPORT_TREND_PAGE_HPP

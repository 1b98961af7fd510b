// The renderings of `tally history show`: console (runs, then each series
// with its steps marked, then every step in one list) and JSON.
#ifndef TALLY_HISTORY_HISTORY_REPORTERS_HPP
#define TALLY_HISTORY_HISTORY_REPORTERS_HPP

#include <ostream>

#include "core/reporter.hpp"
#include "history/history.hpp"

namespace tally::history {

/// `console` and `json`, in that order; `tally history show --format`
/// picks one by name.
const Reporters<HistoryView>& reporters();

}  // namespace tally::history

#endif  // TALLY_HISTORY_HISTORY_REPORTERS_HPP

// The renderings of `tally history show`: console (runs, then each series
// with its steps marked, then every step in one list) and JSON.
#ifndef TALLY_HISTORY_HISTORY_REPORTERS_HPP
#define TALLY_HISTORY_HISTORY_REPORTERS_HPP

#include <ostream>

#include "history/history.hpp"

namespace tally::history {

void print_history_console(std::ostream& out, const HistoryView& view);
void print_history_json(std::ostream& out, const HistoryView& view);

}  // namespace tally::history

#endif  // TALLY_HISTORY_HISTORY_REPORTERS_HPP

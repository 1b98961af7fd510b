// How a cell ended. Workers report ok, skipped, failed or crashed; the host
// adds timeout and the failures it sees from outside.
#ifndef TALLY_CORE_CELL_STATUS_HPP
#define TALLY_CORE_CELL_STATUS_HPP

#include <optional>
#include <string>
#include <string_view>

namespace tally {

enum class CellStatus { kOk, kSkipped, kFailed, kCrashed, kTimeout };

std::string to_string(CellStatus status);
/// The status named `word`; nullopt for anything else.
std::optional<CellStatus> parse_cell_status(std::string_view word);
/// Like parse_cell_status, but throws Error(kBadInput) naming the word.
CellStatus cell_status_from_string(const std::string& word);

}  // namespace tally

#endif  // TALLY_CORE_CELL_STATUS_HPP

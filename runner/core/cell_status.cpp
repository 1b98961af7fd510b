#include "core/cell_status.hpp"

#include "core/error.hpp"

namespace tally {

std::string to_string(CellStatus status) {
  switch (status) {
    case CellStatus::kOk:
      return "ok";
    case CellStatus::kSkipped:
      return "skipped";
    case CellStatus::kFailed:
      return "failed";
    case CellStatus::kCrashed:
      return "crashed";
    case CellStatus::kTimeout:
      return "timeout";
  }
  return "failed";
}

std::optional<CellStatus> parse_cell_status(std::string_view word) {
  for (auto s : {CellStatus::kOk, CellStatus::kSkipped, CellStatus::kFailed,
                 CellStatus::kCrashed, CellStatus::kTimeout})
    if (to_string(s) == word) return s;
  return std::nullopt;
}

CellStatus cell_status_from_string(const std::string& word) {
  if (auto status = parse_cell_status(word)) return *status;
  throw Error("unknown cell status '" + word + "'", ExitCode::kBadInput);
}

}  // namespace tally

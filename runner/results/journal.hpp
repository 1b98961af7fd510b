// journal.jsonl: one line per finished cell, on disk before the next cell
// starts, so an interrupted or crashed run keeps what it measured and
// `tally run --resume` measures only the rest.
#ifndef TALLY_RESULTS_JOURNAL_HPP
#define TALLY_RESULTS_JOURNAL_HPP

#include <map>
#include <string>

#include "core/fd.hpp"
#include "results/cell_result.hpp"

namespace tally {

class Journal {
 public:
  /// Opens `path` for appending (creates it).
  explicit Journal(const std::string& path);
  /// Appends `result` as one line and flushes it to disk.
  void append(const CellResult& result);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  Fd fd_;
};

/// The finished cells in an interrupted run's journal, by name. A line cut
/// short by the crash is dropped (its cell runs again), and the journal is
/// rewritten without it so new lines do not join it.
std::map<std::string, CellResult> recover_journal(const std::string& path);

/// The finished cells in a journal, by name, leaving the file as it is
/// (torn or foreign lines are skipped); empty when there is no journal.
std::map<std::string, CellResult> read_journal(const std::string& path);

}  // namespace tally

#endif  // TALLY_RESULTS_JOURNAL_HPP

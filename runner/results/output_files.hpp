// Safe writing of a run's files: a results folder that is never silently
// reused, whole files replaced atomically, and a journal line per cell that
// is on disk before the next cell starts.
#ifndef TALLY_RESULTS_OUTPUT_FILES_HPP
#define TALLY_RESULTS_OUTPUT_FILES_HPP

#include <string>

#include "core/fd.hpp"

namespace tally {

/// Creates `dir` (and parents) for a new run; refuses a folder that already
/// holds files and one that cannot be written, before any cell runs.
void prepare_results_dir(const std::string& dir);

/// Writes `content` to `path` through a temporary file and a rename, so a
/// reader sees the old file or the new one, never a part.
void write_file_atomically(const std::string& path, const std::string& content);

/// Appends one line per finished cell and flushes it to disk.
class Journal {
 public:
  explicit Journal(const std::string& path);
  void append(const std::string& line);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  Fd fd_;
};

}  // namespace tally

#endif  // TALLY_RESULTS_OUTPUT_FILES_HPP

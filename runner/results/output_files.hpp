// Safe writing of a run's files: a results folder that is never silently
// reused, and whole files replaced atomically.
#ifndef TALLY_RESULTS_OUTPUT_FILES_HPP
#define TALLY_RESULTS_OUTPUT_FILES_HPP

#include <string>

namespace tally {

/// Creates `dir` (and parents) for a new run; refuses a folder that already
/// holds files and one that cannot be written, before any cell runs.
void prepare_results_dir(const std::string& dir);

/// Writes `content` to `path` through a temporary file and a rename, so a
/// reader sees the old file or the new one, never a part.
void write_file_atomically(const std::string& path, const std::string& content);

/// Writes all of `content` to `fd`; throws Error(kIoError) naming `path`,
/// with a hint when the disk is full.
void write_all(int fd, const std::string& content, const std::string& path);

}  // namespace tally

#endif  // TALLY_RESULTS_OUTPUT_FILES_HPP

// "Folder or file?" answered once: what a path given for a run is (a
// results folder, results.json, a CSV, a journal, a history database), and
// one style of message when it is not what the command reads:
//   PATH: no such results folder or file
//   DIR: not a results folder (no results.json or results.csv)
//   PATH: a run page needs results.json or a results folder, not a CSV
#ifndef TALLY_RESULTS_RUN_PATH_HPP
#define TALLY_RESULTS_RUN_PATH_HPP

#include <string>
#include <vector>

namespace tally {

enum class RunFile {
  kResultsJson,  // results.json (or another .json: Google Benchmark's)
  kResultsCsv,   // results.csv, or any name,metric,value CSV
  kJournal,      // journal.jsonl of a run going or interrupted
  kHistoryDb,    // a `tally history` SQLite database
};

/// "results.json", "results.csv", "journal.jsonl", "a history database".
const char* run_file_name(RunFile kind);

struct RunPath {
  RunFile kind;
  std::string file;  // the file to read (inside the folder for a folder)
  bool folder = false;
};

struct RunPathRule {
  /// What the command reads, in the order a folder is searched.
  std::vector<RunFile> accepted;
  /// Who reads, for messages: "a run page", "tally explain", "--costs".
  std::string reader;
  /// False: only a results folder will do.
  bool files = true;
  /// A file whose name says nothing (not .json, .jsonl or .csv, not
  /// SQLite) is taken as this.
  RunFile other_files = RunFile::kResultsJson;
};

/// Resolves `path` under `rule`. A folder gives the first accepted file it
/// holds; a file is judged by its first bytes (SQLite) or its name. Throws
/// tally::Error naming `path` and what is accepted: kIoError when nothing
/// is there, kBadInput for a file of a kind the reader does not take.
RunPath resolve_run_path(const std::string& path, const RunPathRule& rule);

}  // namespace tally

#endif  // TALLY_RESULTS_RUN_PATH_HPP

#include "results/run_path.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <fstream>

#include "core/error.hpp"
#include "core/text.hpp"

namespace tally {
namespace {

bool exists(const std::string& path, bool* is_dir = nullptr) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return false;
  if (is_dir) *is_dir = S_ISDIR(st.st_mode);
  return true;
}

bool is_sqlite(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[16] = {};
  in.read(magic, sizeof magic);
  return in && std::string(magic, 15) == "SQLite format 3";
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

RunFile kind_of_file(const std::string& path, RunFile other) {
  if (is_sqlite(path)) return RunFile::kHistoryDb;
  if (ends_with(path, ".jsonl")) return RunFile::kJournal;
  if (ends_with(path, ".json")) return RunFile::kResultsJson;
  if (ends_with(path, ".csv")) return RunFile::kResultsCsv;
  return other;
}

// What a file of that kind is called in "not X".
const char* described(RunFile kind) {
  switch (kind) {
    case RunFile::kResultsJson:
      return "a results.json";
    case RunFile::kResultsCsv:
      return "a CSV";
    case RunFile::kJournal:
      return "a journal";
    case RunFile::kHistoryDb:
      return "a history database";
  }
  return "";
}

bool accepts(const RunPathRule& rule, RunFile kind) {
  return std::find(rule.accepted.begin(), rule.accepted.end(), kind) !=
         rule.accepted.end();
}

}  // namespace

const char* run_file_name(RunFile kind) {
  switch (kind) {
    case RunFile::kResultsJson:
      return "results.json";
    case RunFile::kResultsCsv:
      return "results.csv";
    case RunFile::kJournal:
      return "journal.jsonl";
    case RunFile::kHistoryDb:
      return "a history database";
  }
  return "";
}

RunPath resolve_run_path(const std::string& path, const RunPathRule& rule) {
  bool is_dir = false;
  if (!exists(path, &is_dir))
    throw Error(
        path + ": no such results folder" + (rule.files ? " or file" : ""),
        ExitCode::kIoError);
  if (is_dir) {
    std::vector<std::string> names;
    for (RunFile kind : rule.accepted) {
      if (kind == RunFile::kHistoryDb) continue;
      const std::string file =
          (boost::filesystem::path(path) / run_file_name(kind)).string();
      if (exists(file)) return {kind, file, true};
      names.push_back(run_file_name(kind));
    }
    std::string message =
        path + ": not a results folder (no " + one_of(names) + ")";
    if (!accepts(rule, RunFile::kJournal) && exists(path + "/journal.jsonl"))
      message +=
          "; an interrupted run has only journal.jsonl until `tally "
          "run --resume " +
          path + "`";
    throw Error(message, ExitCode::kIoError);
  }
  const RunFile kind = kind_of_file(path, rule.other_files);
  if (!rule.files || !accepts(rule, kind)) {
    std::vector<std::string> names;
    if (rule.files)
      for (RunFile k : rule.accepted) names.push_back(run_file_name(k));
    names.push_back("a results folder");
    throw Error(path + ": " + rule.reader + " needs " + one_of(names) +
                    ", not " + described(kind),
                ExitCode::kBadInput);
  }
  return {kind, path, false};
}

}  // namespace tally

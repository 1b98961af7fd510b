#include <gtest/gtest.h>

#include <string>

#include "analysis_test_support.hpp"
#include "core/error.hpp"
#include "results/run_path.hpp"

namespace tally {
namespace run_path_test {

using analysis_test::ScratchDir;

std::string run_path_error(const std::string& path, const RunPathRule& rule,
                           ExitCode* code = nullptr) {
  try {
    resolve_run_path(path, rule);
  } catch (const Error& e) {
    if (code) *code = e.code();
    return e.what();
  }
  return "";
}

const RunPathRule kRowsRule{{RunFile::kResultsJson, RunFile::kResultsCsv},
                            "tally",
                            true,
                            RunFile::kResultsCsv};

TEST(ResultsRunPath, AFolderGivesItsFirstAcceptedFile) {
  ScratchDir dir;
  dir.write("run/results.csv", "a,m,1\n");
  RunPath p = resolve_run_path(dir.file("run"), kRowsRule);
  EXPECT_EQ(p.kind, RunFile::kResultsCsv);
  EXPECT_EQ(p.file, dir.file("run/results.csv"));
  EXPECT_TRUE(p.folder);
  dir.write("run/results.json", "{}");
  p = resolve_run_path(dir.file("run"), kRowsRule);
  EXPECT_EQ(p.kind, RunFile::kResultsJson);
  EXPECT_EQ(p.file, dir.file("run/results.json"));
}

TEST(ResultsRunPath, AFileIsJudgedByItsNameOrItsFirstBytes) {
  ScratchDir dir;
  const std::string other = dir.write("pytorch_results.txt", "a,m,1\n");
  EXPECT_EQ(resolve_run_path(other, kRowsRule).kind, RunFile::kResultsCsv);
  const std::string db =
      dir.write("h.db", std::string("SQLite format 3\0x", 17));
  ExitCode code{};
  EXPECT_EQ(run_path_error(db, kRowsRule, &code),
            db + ": tally needs results.json, results.csv or a results "
                 "folder, not a history database");
  EXPECT_EQ(code, ExitCode::kBadInput);
  const std::string csv = dir.write("r.csv", "a,m,1\n");
  EXPECT_EQ(run_path_error(csv, {{RunFile::kResultsJson}, "a run page"}),
            csv +
                ": a run page needs results.json or a results folder, not "
                "a CSV");
  EXPECT_EQ(
      run_path_error(csv, {{RunFile::kResultsJson}, "tally explain", false}),
      csv + ": tally explain needs a results folder, not a CSV");
}

TEST(ResultsRunPath, SaysWhatIsMissing) {
  ScratchDir dir;
  ExitCode code{};
  EXPECT_EQ(run_path_error(dir.file("nowhere"), kRowsRule, &code),
            dir.file("nowhere") + ": no such results folder or file");
  EXPECT_EQ(code, ExitCode::kIoError);
  EXPECT_EQ(run_path_error(dir.file("nowhere"),
                           {{RunFile::kResultsJson}, "tally explain", false}),
            dir.file("nowhere") + ": no such results folder");
  dir.write("run/journal.jsonl", "");
  EXPECT_EQ(run_path_error(dir.file("run"), kRowsRule, &code),
            dir.file("run") +
                ": not a results folder (no results.json or results.csv); an "
                "interrupted run has only journal.jsonl until `tally run "
                "--resume " +
                dir.file("run") + "`");
  EXPECT_EQ(code, ExitCode::kIoError);
  const RunPath p = resolve_run_path(
      dir.file("run"), {{RunFile::kResultsJson, RunFile::kJournal}, "--costs"});
  EXPECT_EQ(p.kind, RunFile::kJournal);
}

}  // namespace run_path_test
}  // namespace tally

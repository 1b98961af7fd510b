// Runs the real `tally` binary for check, compare and history: exit codes
// and what a CI log shows.
#include <gtest/gtest.h>

#include "analysis_test_support.hpp"
#include "cli/command_line.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "history/sqlite.hpp"

namespace tally {
namespace {

using analysis_test::fixture;
using analysis_test::run_tally;
using analysis_test::ScratchDir;
using analysis_test::slurp;
using history::SqliteDb;

std::string q(const std::string& s) { return shell_quote(s); }

int code(ExitCode c) { return to_int(c); }

TEST(AggregateCli, CheckInjectedRegressionFailsAndNamesTheRow) {
  const auto r = run_tally("check " + q(fixture("pytorch_results.csv")) +
                           " --expected " + q(fixture("pytorch_expected.csv")));
  EXPECT_EQ(r.exit_code, code(ExitCode::kRegression)) << r.output;
  EXPECT_NE(
      r.output.find("REGRESSION add_loop_eager,compile_time_instruction_count"),
      std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("pytorch_expected.csv:4: REGRESSION"),
            std::string::npos)
      << r.output;
  // Without --update it says how to refresh the file.
  EXPECT_NE(r.output.find("--update " + q(fixture("pytorch_expected.csv"))),
            std::string::npos)
      << r.output;
}

TEST(AggregateCli, CheckWinPassesUnlessStrict) {
  ScratchDir dir;
  const std::string expected = dir.write(
      "e.csv",
      "basic_InlineMod_trace,compile_time_instruction_count,1200000,0.005\n");
  const std::string results = fixture("base");  // 1000000: a WIN
  auto r = run_tally("check " + q(results) + " --expected " + q(expected));
  EXPECT_EQ(r.exit_code, code(ExitCode::kOk)) << r.output;
  EXPECT_NE(r.output.find("WIN "), std::string::npos) << r.output;
  r = run_tally("check " + q(results) + " --expected " + q(expected) +
                " --strict");
  EXPECT_EQ(r.exit_code, code(ExitCode::kWin)) << r.output;
}

TEST(AggregateCli, CheckMissingResultFails) {
  ScratchDir dir;
  const std::string expected =
      dir.write("e.csv", "mm_loop_jit,instruction_count,3000000,0.005\n");
  const auto r =
      run_tally("check " + q(fixture("new")) + " --expected " + q(expected));
  EXPECT_EQ(r.exit_code, code(ExitCode::kMissingResult)) << r.output;
  EXPECT_NE(
      r.output.find("MISSING mm_loop_jit,instruction_count: cell crashed"),
      std::string::npos)
      << r.output;
}

TEST(AggregateCli, CheckFilterLeavesOutRowsOfCellsThatDidNotRun) {
  ScratchDir dir;
  const std::string expected = dir.write(
      "e.csv",
      "basic_InlineMod_trace,compile_time_instruction_count,1000000,"
      "0.005\ndiffusion_dit_full_jit,instruction_count,3000000,0.005\n");
  const std::string results = fixture("base");
  // Without the filter the row of a cell the run left out is MISSING.
  auto r = run_tally("check " + q(results) + " --expected " + q(expected));
  EXPECT_EQ(r.exit_code, code(ExitCode::kMissingResult)) << r.output;
  r = run_tally("check " + q(results) + " --expected " + q(expected) +
                " --filter '^basic_InlineMod'");
  EXPECT_EQ(r.exit_code, code(ExitCode::kOk)) << r.output;
  EXPECT_NE(
      r.output.find(
          "check: 2 rows: 1 PASS, 0 WIN, 0 REGRESSION, 0 MISSING, 1 UNTESTED"),
      std::string::npos)
      << r.output;
}

TEST(AggregateCli, CheckSkipFlagAndUpdateCommand) {
  ScratchDir dir;
  const std::string updated = dir.file("new_expected.csv");
  auto r = run_tally("check " + q(fixture("pytorch_results.csv")) +
                     " --expected " + q(fixture("pytorch_expected.csv")) +
                     " --skip 'add_loop_*' --update " + q(updated));
  EXPECT_EQ(r.exit_code, code(ExitCode::kOk)) << r.output;
  EXPECT_NE(r.output.find("skipped by --skip add_loop_*"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("cp " + q(updated) + " " +
                          q(fixture("pytorch_expected.csv"))),
            std::string::npos)
      << r.output;
  const std::string text = slurp(updated);
  EXPECT_NE(
      text.find(
          "basic_InlineMod_trace,compile_time_instruction_count,90,0.1\n"),
      std::string::npos)
      << text;
  // A skipped row keeps its expectation.
  EXPECT_NE(
      text.find("add_loop_eager,compile_time_instruction_count,100,0.1\n"),
      std::string::npos)
      << text;
}

// An expected file records what it was measured on; checked against
// results of another LibTorch, tally says so once, before any row.
TEST(AggregateCli, CheckNamesAnotherEnvironmentFirstAndUpdateRecordsIt) {
  ScratchDir dir;
  const std::string results = fixture("new/results.json");  // LibTorch 1.13.1
  const std::string expected =
      dir.write("expected.csv",
                "# environment libtorch_version: 2.13.0\n"
                "# environment counter: callgrind\n"
                "add_loop_eager,instruction_count,3600000,0.01\n");
  auto r = run_tally("check " + q(results) + " --expected " + q(expected) +
                     " --filter add_loop_eager");
  EXPECT_EQ(r.exit_code, code(ExitCode::kOk)) << r.output;
  const auto line = r.output.find(
      "environment: " + expected +
      " was measured on another environment (libtorch_version 2.13.0 "
      "there, 1.13.1 here)");
  ASSERT_NE(line, std::string::npos) << r.output;
  EXPECT_LT(line, r.output.find("add_loop_eager")) << r.output;

  // Started from an empty file, --update writes the results' environment.
  const std::string empty = dir.write("empty.csv", "");
  const std::string fresh = dir.file("fresh.csv");
  r = run_tally("check " + q(results) + " --expected " + q(empty) +
                " --update " + q(fresh) + " --add-untested 0.005");
  EXPECT_EQ(r.exit_code, code(ExitCode::kOk)) << r.output;
  const std::string text = slurp(fresh);
  EXPECT_EQ(text.rfind("# environment counter: callgrind\n"
                       "# environment libtorch_version: 1.13.1\n",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("add_loop_eager,instruction_count,3600000,0.005\n"),
            std::string::npos)
      << text;
  // Read back, the header is the environment and the rows are rows.
  r = run_tally("check " + q(results) + " --expected " + q(fresh));
  EXPECT_EQ(r.output.find("another environment"), std::string::npos)
      << r.output;
}

TEST(AggregateCli, CheckBadInputAndUsage) {
  auto r = run_tally("check " + q(fixture("pytorch_results.csv")) +
                     " --expected " + q(fixture("duplicate_expected.csv")));
  EXPECT_EQ(r.exit_code, code(ExitCode::kBadInput)) << r.output;
  EXPECT_NE(r.output.find("duplicate_expected.csv:4: duplicate expected row"),
            std::string::npos)
      << r.output;
  r = run_tally("check " + q(fixture("pytorch_results.csv")));
  EXPECT_EQ(r.exit_code, code(ExitCode::kUsage)) << r.output;
  r = run_tally("check --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("skip,NAME_GLOB[,METRIC_GLOB[,reason]]"),
            std::string::npos);
}

TEST(AggregateCli, CompareEveryFormatAndExitCode) {
  const std::string args =
      "compare " + q(fixture("base")) + " " + q(fixture("new"));
  auto r = run_tally(args);
  EXPECT_EQ(r.exit_code, code(ExitCode::kRegression)) << r.output;
  EXPECT_NE(r.output.find("+25.00%  REGRESSION"), std::string::npos)
      << r.output;
  r = run_tally(args + " --format markdown");
  EXPECT_EQ(r.exit_code, code(ExitCode::kRegression));
  EXPECT_NE(r.output.find("|:-:|:--|:--|--:|--:|--:|--:|"), std::string::npos)
      << r.output;
  r = run_tally(args + " --format json --threshold 30");
  EXPECT_EQ(r.exit_code, code(ExitCode::kOk)) << r.output;
  EXPECT_NE(r.output.find("\"regressions\": 0"), std::string::npos) << r.output;
  r = run_tally(args + " --format html");
  EXPECT_EQ(r.exit_code, code(ExitCode::kUsage));
}

TEST(AggregateCli, HistoryAddAndShow) {
  ScratchDir dir;
  const std::string db = dir.file("h.sqlite");
  auto r = run_tally("history add " + q(fixture("base")) + " --db " + q(db));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("as run 1 (4 value(s), 1 cell(s) without metrics)"),
            std::string::npos)
      << r.output;
  r = run_tally("history add " + q(fixture("new")) + " --db " + q(db));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = run_tally("history show --db " + q(db) +
                " --filter add_loop --format json");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"add_loop_eager\""), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("\"basic_InlineMod_trace\""), std::string::npos);
  r = run_tally("history show --db " + q(db));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("moved; a step if the next run confirms it"),
            std::string::npos)
      << r.output;
  r = run_tally("history frobnicate");
  EXPECT_EQ(r.exit_code, code(ExitCode::kUsage));
  r = run_tally("history show --db " + q(dir.file("absent.sqlite")));
  EXPECT_EQ(r.exit_code, code(ExitCode::kIoError)) << r.output;
}

// A folder reads as an empty stream; as an expected file it would pass
// every result.
TEST(AggregateCli, FolderGivenAsExpectedFileIsRefused) {
  ScratchDir dir;
  const auto r = run_tally("check " + q(fixture("pytorch_results.csv")) +
                           " --expected " + q(dir.file("")));
  EXPECT_EQ(r.exit_code, code(ExitCode::kIoError)) << r.output;
  EXPECT_NE(r.output.find("is a folder, not a file"), std::string::npos)
      << r.output;
}

// Another program's database is refused and left as it was.
TEST(AggregateCli, ForeignSqliteDatabaseIsNoHistory) {
  ScratchDir dir;
  const std::string db = dir.file("foreign.db");
  SqliteDb(db, /*create=*/true).exec("CREATE TABLE notes (text TEXT)");
  for (const std::string& cmd :
       {"history show --db " + q(db),
        "report --history " + q(db) + " --out " + q(dir.file("t.html"))}) {
    const auto r = run_tally(cmd);
    EXPECT_EQ(r.exit_code, code(ExitCode::kBadInput)) << cmd << r.output;
    EXPECT_NE(r.output.find("not a tally history database"), std::string::npos)
        << r.output;
  }
  SqliteDb reopened(db, /*create=*/false);
  EXPECT_THROW(reopened.exec("SELECT * FROM runs"), Error);
}

}  // namespace
}  // namespace tally

#include <gtest/gtest.h>

#include <sstream>

#include "analysis_test_support.hpp"
#include "gate/check.hpp"
#include "gate/check_reporter.hpp"

namespace tally::gate {
namespace {

using analysis_test::fixture;
using analysis_test::ScratchDir;

const CheckRow& row(
    const CheckReport& r, const std::string& name,
    const std::string& metric = "compile_time_instruction_count") {
  for (const CheckRow& x : r.rows) {
    if (x.name == name && x.metric == metric) return x;
  }
  throw std::runtime_error("no row " + name);
}

// PyTorch's own test_check_result fixture, as a tally fixture.
class PyTorchFixture : public ::testing::Test {
 protected:
  ExpectedFile expected = read_expected(fixture("pytorch_expected.csv"));
  Results results = read_results(fixture("pytorch_results.csv"));
  CheckReport report = check(results, expected, {});
};

TEST_F(PyTorchFixture, WinAtMinus18Percent) {
  const CheckRow& r = row(report, "basic_InlineMod_trace");
  EXPECT_EQ(r.verdict, Verdict::kWin);
  EXPECT_NEAR(r.change_pct, -18.18, 0.01);
}

TEST_F(PyTorchFixture, RegressionAtPlus100Percent) {
  const CheckRow& r = row(report, "add_loop_eager");
  EXPECT_EQ(r.verdict, Verdict::kRegression);
  EXPECT_NEAR(r.change_pct, 100, 1e-9);
}

TEST_F(PyTorchFixture, PassAtPlus7PercentWithin10PercentMargin) {
  const CheckRow& r = row(report, "mm_loop_jit");
  EXPECT_EQ(r.verdict, Verdict::kPass);
  EXPECT_NEAR(r.change_pct, 7, 1e-9);
}

TEST_F(PyTorchFixture, ResultWithoutExpectedRowIsReportedNotFatal) {
  const CheckRow& r = row(report, "float_args_trace");
  EXPECT_EQ(r.verdict, Verdict::kUntested);
  EXPECT_EQ(report.count(Verdict::kUntested), 1);
  EXPECT_EQ(report.count(Verdict::kMissing), 0);
}

TEST_F(PyTorchFixture, RegressionFailsAndWinFailsOnlyWhenStrict) {
  EXPECT_EQ(report.exit_code(false), ExitCode::kRegression);
  ExpectedFile only_win = expected;
  only_win.rows.resize(1);  // just the WIN row
  const CheckReport win = check(results, only_win, {});
  EXPECT_EQ(win.exit_code(false), ExitCode::kOk);
  EXPECT_EQ(win.exit_code(true), ExitCode::kWin);
}

TEST_F(PyTorchFixture, UpdateRefreshesRowsThatMovedBeyondAFifthOfTheirMargin) {
  // -18 %, +100 % and +7 % all moved beyond 2 % (a fifth of 10 %).
  ASSERT_EQ(report.updates.size(), 3u);
  EXPECT_EQ(updated_expected_text(expected, report, std::nullopt),
            "# PyTorch's test_check_result fixture (expected_test.csv) with "
            "tally names:\n"
            "# a WIN at -18 %, a REGRESSION at +100 %, a PASS at +7 %, all "
            "with 10 % margins.\n"
            "basic_InlineMod_trace,compile_time_instruction_count,90,0.1\n"
            "add_loop_eager,compile_time_instruction_count,200,0.1\n"
            "mm_loop_jit,compile_time_instruction_count,107,0.1\n");
  EXPECT_EQ(
      updated_expected_text(expected, report, std::string("0.005"))
          .substr(updated_expected_text(expected, report, std::nullopt).size()),
      // Appended as PyTorch writes rows: after three blank lines.
      "\n\n\nfloat_args_trace,compile_time_instruction_count,10,0.005\n");
}

TEST(AggregateCheck, UpdateKeepsRowsWithinAFifthOfTheirMarginAndRounds) {
  ScratchDir dir;
  const std::string expected_text =
      "# tight margins\n"
      "a_eager,instruction_count,1000000,0.01\n"
      "b_eager,instruction_count,3378000000,0.01\n";
  const ExpectedFile expected =
      read_expected(dir.write("e.csv", expected_text));
  // a moved +0.15 % (under a fifth of 1 %), b moved +0.5 %.
  const Results results =
      read_results(dir.write("r.csv",
                             "a_eager,instruction_count,1001500\nb_eager,"
                             "instruction_count,3394890123\n"));
  const CheckReport report = check(results, expected, {});
  EXPECT_EQ(report.count(Verdict::kPass), 2);
  ASSERT_EQ(report.updates.size(), 1u);
  EXPECT_EQ(report.updates[0].line, 3);
  EXPECT_EQ(report.updates[0].new_value, "3395000000");
  EXPECT_EQ(updated_expected_text(expected, report, std::nullopt),
            "# tight margins\n"
            "a_eager,instruction_count,1000000,0.01\n"
            "b_eager,instruction_count,3395000000,0.01\n");
}

// An exact count gated exactly: a margin of 0 keeps every digit, where a
// margin keeps PyTorch's 4 significant digits; one instruction more fails.
TEST(AggregateCheck, AZeroMarginRowHoldsTheExactCount) {
  ScratchDir dir;
  const ExpectedFile expected = read_expected(dir.write(
      "e.csv", "a_eager,compile_time_instruction_count,133206561,0\n"));
  const Results results = read_results(
      dir.write("r.csv",
                "a_eager,compile_time_instruction_count,133206562\n"
                "b_eager,compile_time_instruction_count,150518513\n"));
  const CheckReport report = check(results, expected, {});
  EXPECT_EQ(row(report, "a_eager").verdict, Verdict::kRegression);
  ASSERT_EQ(report.updates.size(), 1u);
  EXPECT_EQ(report.updates[0].new_value, "133206562");
  EXPECT_EQ(updated_expected_text(expected, report, std::string("0")),
            "a_eager,compile_time_instruction_count,133206562,0\n\n\n\n"
            "b_eager,compile_time_instruction_count,150518513,0\n");
  EXPECT_EQ(expected_value_text(150518513, 0.005), "150500000");
}

TEST(AggregateCheck, MissingResultIsFatalAndSaysWhy) {
  const ExpectedFile expected = read_expected(fixture("passing_expected.csv"));
  const Results results = read_results(fixture("new/results.json"));
  ExpectedFile with_crashed = expected;
  with_crashed.rows.push_back(
      {"mm_loop_jit", "instruction_count", 3000000, 0.005, 9});
  const CheckReport report = check(results, with_crashed, {});
  EXPECT_EQ(report.exit_code(false), ExitCode::kMissingResult);
  const CheckRow& crashed = row(report, "mm_loop_jit", "instruction_count");
  EXPECT_EQ(crashed.verdict, Verdict::kMissing);
  EXPECT_EQ(crashed.note, "cell crashed: killed by SIGSEGV | stderr: boom");
  // The other rows are still checked and reported.
  EXPECT_EQ(row(report, "add_loop_eager", "instruction_count").verdict,
            Verdict::kRegression);  // 3600000 vs 2000000
}

TEST(AggregateCheck, SkipListInFileAndByFlag) {
  const ExpectedFile expected = read_expected(fixture("skip_expected.csv"));
  const Results results = read_results(fixture("skip_results.csv"));
  CheckReport report = check(results, expected, {});
  // mm_loop_jit has no result and add_loop's compile time regressed, but
  // both are skipped; so is the untested mm_loop_trace result.
  EXPECT_EQ(report.exit_code(true), ExitCode::kOk);
  EXPECT_EQ(row(report, "mm_loop_jit").verdict, Verdict::kSkipped);
  EXPECT_NE(row(report, "mm_loop_jit").note.find("under repair (issue 42)"),
            std::string::npos);
  EXPECT_EQ(row(report, "add_loop_eager").verdict, Verdict::kSkipped);
  EXPECT_EQ(row(report, "add_loop_eager", "instruction_count").verdict,
            Verdict::kPass);
  EXPECT_EQ(row(report, "mm_loop_trace").verdict, Verdict::kSkipped);
  EXPECT_TRUE(report.unused_skips.empty());

  const std::vector<SkipRule> flags = {parse_skip_flag("basic_*"),
                                       parse_skip_flag("nothing_*")};
  report = check(results, expected, flags);
  EXPECT_EQ(row(report, "basic_InlineMod_trace").verdict, Verdict::kSkipped);
  ASSERT_EQ(report.unused_skips.size(), 1u);
  EXPECT_EQ(report.unused_skips[0]->name_glob, "nothing_*");
  std::ostringstream out;
  reporters().find("console").report(
      out, CheckOutput{report, "skip_expected.csv", false});
  EXPECT_NE(out.str().find("matches nothing"), std::string::npos) << out.str();
}

TEST(AggregateCheck, ConsoleReportNamesRowsLinesAndSummary) {
  const CheckReport report =
      check(read_results(fixture("pytorch_results.csv")),
            read_expected(fixture("pytorch_expected.csv")), {});
  std::ostringstream out;
  reporters().find("console").report(
      out, CheckOutput{report, "expected.csv", false});
  const std::string s = out.str();
  EXPECT_NE(s.find("WIN         basic_InlineMod_trace"), std::string::npos)
      << s;
  EXPECT_NE(s.find("-18.18%"), std::string::npos) << s;
  EXPECT_NE(s.find("+100.00%"), std::string::npos) << s;
  EXPECT_NE(s.find("+7.00%"), std::string::npos) << s;
  EXPECT_NE(s.find("UNTESTED    float_args_trace"), std::string::npos) << s;
  EXPECT_NE(s.find("expected.csv:4: REGRESSION add_loop_eager,"
                   "compile_time_instruction_count: 200 is +100.00% (+100) from "
                   "expected 100 ±10.00%"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("check: 4 rows: 1 PASS, 1 WIN, 1 REGRESSION, 0 MISSING, "
                   "1 UNTESTED, 0 SKIP: FAILED"),
            std::string::npos)
      << s;
}

}  // namespace
}  // namespace tally::gate

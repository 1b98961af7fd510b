#include "compare/compare.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis_test_support.hpp"
#include "compare/compare_reporters.hpp"

namespace tally::compare {
namespace {

using analysis_test::fixture;

class CompareFixture : public ::testing::Test {
 protected:
  Comparison c =
      compare(read_results(fixture("base")), read_results(fixture("new")), 1.0);
};

TEST_F(CompareFixture, RowsSortedByMagnitudeAndMarked) {
  ASSERT_EQ(c.rows.size(), 3u);
  EXPECT_EQ(c.rows[0].name, "basic_InlineMod_trace");
  EXPECT_EQ(c.rows[0].metric, "compile_time_instruction_count");
  EXPECT_NEAR(c.rows[0].change_pct, 25, 1e-9);
  EXPECT_EQ(c.rows[0].change, 250000);
  EXPECT_EQ(c.rows[0].mark, Change::kRegression);
  EXPECT_EQ(c.rows[1].name, "add_loop_eager");
  EXPECT_EQ(c.rows[1].mark, Change::kImprovement);
  EXPECT_EQ(c.rows[2].mark, Change::kWithin);  // +0.1 %
  EXPECT_EQ(c.count(Change::kRegression), 1);
}

TEST_F(CompareFixture, OneSidedRowsSayWhatHappenedOnTheOtherSide) {
  ASSERT_EQ(c.only_base.size(), 1u);
  EXPECT_EQ(c.only_base[0].name, "mm_loop_jit");
  EXPECT_EQ(c.only_base[0].other, "crashed: killed by SIGSEGV | stderr: boom");
  ASSERT_EQ(c.only_new.size(), 1u);
  EXPECT_EQ(c.only_new[0].name, "float_args_trace");
  EXPECT_EQ(c.only_new[0].other, "");
}

TEST_F(CompareFixture, GeometricMeanOfRatios) {
  ASSERT_TRUE(c.geomean_ratio);
  EXPECT_NEAR(*c.geomean_ratio, std::cbrt(1.001 * 1.25 * 0.9), 1e-12);
  EXPECT_EQ(c.geomean_rows, 3);
}

TEST_F(CompareFixture, ThresholdDecidesRegression) {
  const Comparison loose = compare(read_results(fixture("base")),
                                   read_results(fixture("new")), 30.0);
  EXPECT_EQ(loose.count(Change::kRegression), 0);
  EXPECT_EQ(loose.count(Change::kImprovement), 0);
}

TEST_F(CompareFixture, ConsoleFormat) {
  std::ostringstream out;
  reporters().find("console").report(out, c);
  const std::string s = out.str();
  EXPECT_NE(s.find("(commit 111111111111)"), std::string::npos) << s;
  EXPECT_NE(s.find("basic_InlineMod_trace  compile_time_instruction_count  "
                   "1000000  1250000  +250000  +25.00%  REGRESSION"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("-10.00%  improvement"), std::string::npos) << s;
  EXPECT_NE(s.find("only in base (1):"), std::string::npos) << s;
  EXPECT_NE(s.find("crashed: killed by SIGSEGV"), std::string::npos) << s;
  EXPECT_NE(s.find("only in new (1):"), std::string::npos) << s;
  EXPECT_NE(s.find("geometric mean new/base 1.0404 (+4.04%) over 3 rows; 1 "
                   "regression(s), 1 improvement(s) beyond ±1.00%"),
            std::string::npos)
      << s;
}

TEST_F(CompareFixture, MarkdownFormatIsATableForAPrComment) {
  std::ostringstream out;
  reporters().find("markdown").report(out, c);
  const std::string s = out.str();
  EXPECT_EQ(s.rfind("### tally compare: 1 regression(s) beyond ±1.00%", 0), 0u)
      << s;
  EXPECT_NE(s.find("| | name | metric | base | new | change | % |\n"
                   "|:-:|:--|:--|--:|--:|--:|--:|\n"
                   "| 🔴 | `basic_InlineMod_trace` | "
                   "`compile_time_instruction_count` | 1,000,000 | 1,250,000 | "
                   "+250,000 | **+25.00%** |\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("<details><summary>1 row(s) within ±1.00%</summary>"),
            std::string::npos)
      << s;
  // A '|' in a crash reason must not split the table cell.
  EXPECT_NE(s.find("crashed: killed by SIGSEGV \\| stderr: boom"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("**Summary:** geometric mean new/base 1.0404 (+4.04%)"),
            std::string::npos)
      << s;
}

TEST_F(CompareFixture, JsonFormat) {
  std::ostringstream out;
  reporters().find("json").report(out, c);
  const nlohmann::json j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["threshold_pct"], 1.0);
  ASSERT_EQ(j["rows"].size(), 3u);
  EXPECT_EQ(j["rows"][0]["name"], "basic_InlineMod_trace");
  EXPECT_EQ(j["rows"][0]["status"], "regression");
  EXPECT_EQ(j["rows"][0]["base"], 1000000.0);
  EXPECT_EQ(j["rows"][0]["new"], 1250000.0);
  EXPECT_EQ(j["only_in_base"][0]["other_side"],
            "crashed: killed by SIGSEGV | stderr: boom");
  EXPECT_TRUE(j["only_in_new"][0]["other_side"].is_null());
  EXPECT_NEAR(j["geomean"]["ratio"].get<double>(), 1.0404, 1e-4);
  EXPECT_EQ(j["regressions"], 1);
  EXPECT_EQ(j["base"]["metadata"]["host"], "ci-1");
}

TEST(AggregateCompare, ZeroBaseIsAnInfiniteChange) {
  Results base, now;
  base.add({"a", "m", 0, "b:1"});
  now.add({"a", "m", 5, "n:1"});
  const Comparison c = compare(base, now, 1.0);
  EXPECT_TRUE(std::isinf(c.rows[0].change_pct));
  EXPECT_EQ(c.rows[0].mark, Change::kRegression);
  EXPECT_FALSE(c.geomean_ratio);
  std::ostringstream out;
  reporters().find("json").report(out, c);
  EXPECT_TRUE(
      nlohmann::json::parse(out.str())["rows"][0]["change_pct"].is_null());
}

TEST(AggregateCompare, FormatsAreRegisteredByName) {
  EXPECT_EQ(reporters().names(),
            (std::vector<std::string>{"console", "markdown", "json"}));
  EXPECT_EQ(reporters().find("markdown").name(), "markdown");
  try {
    reporters().find("html");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "--format must be console, markdown or json, got 'html'");
    EXPECT_EQ(e.code(), ExitCode::kUsage);
  }
}

}  // namespace
}  // namespace tally::compare

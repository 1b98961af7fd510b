// Explaining real `tally run`s: two runs of a loop of two lengths under
// callgrind keep profiles; explain, `check --baseline` and
// `compare --explain` name the function whose work was added, first, with
// the whole change.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

std::string run_loop(const std::string& dir, const std::string& name,
                     int n) {
  const std::string yaml = "defaults: {iterations: 2}\nbenchmarks:\n"
                           "  - {name: healthy_loop, params: {n: " +
                           std::to_string(n) + "}}\n";
  write_text(dir + "/" + name + ".yaml", yaml);
  const std::string out = dir + "/" + name;
  CliResult r = run_tally({"run", dir + "/" + name + ".yaml",
                           "--no-default-plugins", "--plugins",
                           loadable_plugins(), "--counter", "callgrind",
                           "--out", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return out;
}

class ExplainRun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(make_temp_dir("explain-run"));
    base_ = new std::string(run_loop(*dir_, "base", 10000));
    next_ = new std::string(run_loop(*dir_, "next", 12000));
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete base_;
    delete next_;
  }
  static std::string* dir_;
  static std::string* base_;
  static std::string* next_;
};
std::string* ExplainRun::dir_ = nullptr;
std::string* ExplainRun::base_ = nullptr;
std::string* ExplainRun::next_ = nullptr;

TEST_F(ExplainRun, NamesThePlantedFunctionFirstWithTheWholeChange) {
  CliResult r = run_tally({"explain", *base_, *next_, "--format", "json",
                           "--top", "0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["cells"].size(), 2u) << r.out;  // total and compile_time
  for (const auto& cell : doc["cells"]) {
    const std::int64_t delta = cell["delta"];
    ASSERT_GT(delta, 0) << cell;
    const auto& first = cell["entries"][0];
    EXPECT_NE(first["function"].get<std::string>().find("tally_test_spin"),
              std::string::npos)
        << cell;
    // Only the loop grew: its own change is the cell's, within 0.5 %.
    EXPECT_NEAR(first["delta_self"].get<double>(), delta, 0.005 * delta);
    std::int64_t sum = 0;
    for (const auto& e : cell["entries"]) sum += e["delta_self"].get<std::int64_t>();
    EXPECT_EQ(sum, delta) << "self deltas add up to the total change";
  }
}

TEST_F(ExplainRun, CheckWithABaselineSaysWhereTheRegressionWent) {
  // The base run's values as expectations: the longer loop regresses.
  const auto base =
      nlohmann::json::parse(read_text(*base_ + "/results.json"));
  std::string expected;
  for (const auto& cell : base["cells"])
    for (const auto& [metric, stats] : cell["metrics"].items())
      expected += cell["name"].get<std::string>() + "," + metric + "," +
                  std::to_string(stats["min"].get<std::uint64_t>()) +
                  ",0.01\n";
  write_text(*dir_ + "/expected.csv", expected);
  CliResult r = run_tally({"check", *next_, "--expected",
                           *dir_ + "/expected.csv", "--baseline", *base_});
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  const auto at = r.out.find(
      "REGRESSION healthy_loop_native,compile_time_instruction_count");
  ASSERT_NE(at, std::string::npos) << r.out;
  const auto next_line = r.out.find('\n', at);
  EXPECT_NE(r.out.find("tally_test_spin", next_line), std::string::npos)
      << r.out;
}

TEST_F(ExplainRun, CompareExplainAndAFlamegraph) {
  CliResult r = run_tally({"compare", *base_, *next_, "--explain"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.out.find("where the changes went"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tally_test_spin"), std::string::npos) << r.out;
  const std::string svg = *dir_ + "/spin.svg";
  CliResult f = run_tally({"explain", *base_, *next_, "--metric",
                           "compile_time_instruction_count", "--flamegraph",
                           svg});
  ASSERT_EQ(f.exit_code, 0) << f.err;
  const std::string text = read_text(svg);
  EXPECT_EQ(text.rfind("<?xml", 0) == 0 || text.rfind("<svg", 0) == 0, true)
      << text.substr(0, 100);
  EXPECT_NE(text.find("tally_test_spin"), std::string::npos);
  CliResult two = run_tally({"explain", *base_, *next_, "--flamegraph", svg});
  EXPECT_EQ(two.exit_code, 2) << two.err;
  EXPECT_NE(two.err.find("--flamegraph draws one cell and metric"),
            std::string::npos)
      << two.err;
}

}  // namespace
}  // namespace tally::test

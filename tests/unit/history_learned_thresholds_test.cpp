// Thresholds learned from history (rustc-perf's Q3 + 3·IQR of relative
// changes), on synthetic histories whose noise is known.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "analysis_test_support.hpp"
#include "history/learned_thresholds.hpp"

namespace tally::history {
namespace learned_thresholds_test {

using analysis_test::run_tally;
using analysis_test::ScratchDir;

// numpy.quantile([1, 2, 4, 8, 16], [0.25, 0.75]) = [2, 8];
// numpy.quantile([1, 2, 3, 4], 0.25) = 1.75.
TEST(Quantile, LinearLikeNumpy) {
  EXPECT_DOUBLE_EQ(quantile({1, 2, 4, 8, 16}, 0.25), 2);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 4, 8, 16}, 0.75), 8);
  EXPECT_DOUBLE_EQ(quantile({1, 2, 3, 4}, 0.25), 1.75);
}

// Values alternating ±x % around 1000: every relative change is about 2x %,
// so Q1 = Q3 and the band is Q3 itself.
std::vector<double> alternating(int runs, double pct) {
  std::vector<double> v;
  for (int i = 0; i < runs; ++i)
    v.push_back(1000 * (1 + (i % 2 ? pct : -pct) / 100));
  return v;
}

TEST(LearnThreshold, KnownNoiseGivesItsBand) {
  const LearnedThreshold t = learn_threshold(alternating(40, 0.5), 30, 0.2);
  ASSERT_TRUE(t.threshold_pct);
  EXPECT_EQ(t.runs, 30);
  // The 29 changes alternate |1.005/0.995 − 1| = 1.00503 % and
  // |0.995/1.005 − 1| = 0.99502 %: Q1 = 0.99502, Q3 = 1.00503, IQR = 0.01001,
  // and Q3 + 3·IQR = 1.03506 %.
  EXPECT_NEAR(*t.threshold_pct, 1.03506, 1e-4);
}

TEST(LearnThreshold, OutlierWidensByIqrNotByItsSize) {
  std::vector<double> v = alternating(30, 0.5);
  v[10] = 1100;  // one 10 % spike: two large changes among 29
  const LearnedThreshold t = learn_threshold(v, 30, 0.2);
  ASSERT_TRUE(t.threshold_pct);
  EXPECT_LT(*t.threshold_pct, 2);
}

TEST(LearnThreshold, QuietHistoryGetsTheFloor) {
  const LearnedThreshold t =
      learn_threshold(std::vector<double>(30, 1234), 30, 0.2);
  ASSERT_TRUE(t.threshold_pct);
  EXPECT_DOUBLE_EQ(*t.threshold_pct, 0.2);
}

TEST(LearnThreshold, ShortHistorySaysWhy) {
  const LearnedThreshold t = learn_threshold(alternating(4, 1), 30, 0.2);
  EXPECT_FALSE(t.threshold_pct);
  EXPECT_EQ(t.why_not, "history too short: 4 run(s), 10 needed");
}

// A results.json of one run: cell noisy (±1 % from run to run), cell quiet.
std::string history_run(int i, double noisy, double quiet,
                        const std::string& cpu = "Test CPU") {
  nlohmann::json cell = {{"status", "ok"}, {"counter", "callgrind"}};
  nlohmann::json doc = {
      {"metadata",
       {{"start_time", "2026-11-" + std::to_string(10 + i) + "T00:00:00Z"},
        {"host", "ci"},
        {"cpu", cpu}}},
      {"cells", nlohmann::json::array()}};
  for (const auto& [name, value] :
       {std::pair<std::string, double>{"noisy_native", noisy},
        {"quiet_native", quiet}}) {
    cell["name"] = name;
    cell["metrics"] = {{"instruction_count", {{"min", value}}}};
    doc["cells"].push_back(cell);
  }
  return doc.dump();
}

// The line of a report that names `name`.
std::string line_naming(const std::string& output, const std::string& name) {
  const auto at = output.find(name);
  if (at == std::string::npos) return "";
  const auto start = output.rfind('\n', at) + 1;
  return output.substr(start, output.find('\n', at) - start);
}

class HistoryGate : public ::testing::Test {
 protected:
  void add_runs(int runs) {
    for (int i = 0; i < runs; ++i) {
      const std::string file =
          dir.write("run" + std::to_string(i) + ".json",
                    history_run(i, 1000 * (1 + (i % 2 ? 0.01 : -0.01)), 1000));
      ASSERT_EQ(run_tally("history add " + file + " --db " + db).exit_code, 0);
    }
  }
  ScratchDir dir;
  std::string db = dir.file("history.db");
  // Both cells 1.5 % above their expectation, with the file's ±0.5 %.
  std::string expected =
      dir.write("expected.csv",
                "noisy_native,instruction_count,1000,0.005\n"
                "quiet_native,instruction_count,1000,0.005\n");
  std::string results = dir.write("now.json", history_run(20, 1015, 1015));
};

TEST_F(HistoryGate, LearnedBandsPassTheNoisyCellAndFailTheQuietOne) {
  add_runs(12);
  const auto r = run_tally("check " + results + " --expected " + expected +
                           " --thresholds-from-history " + db);
  EXPECT_EQ(r.exit_code, 5) << r.output;
  EXPECT_NE(r.output.find("2 learned, 0 kept the expected file's margin"),
            std::string::npos)
      << r.output;
  EXPECT_EQ(line_naming(r.output, "noisy_native ").rfind("PASS", 0), 0u)
      << r.output;
  EXPECT_EQ(line_naming(r.output, "quiet_native ").rfind("REGRESSION", 0), 0u)
      << r.output;
  const auto show = run_tally("history show --db " + db);
  EXPECT_NE(show.output.find("noisy_native  instruction_count  (noise band ±"),
            std::string::npos)
      << show.output;
  EXPECT_NE(show.output.find("quiet_native  instruction_count  (noise band "
                             "±0.2% from 12 runs)"),
            std::string::npos)
      << show.output;
}

TEST_F(HistoryGate, ShortHistoryFallsBackAndSaysSo) {
  add_runs(4);
  const auto r = run_tally("check " + results + " --expected " + expected +
                           " --thresholds-from-history " + db);
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_NE(r.output.find("line 1: noisy_native,instruction_count: history "
                          "too short: 4 run(s), 10 needed; using the "
                          "expected file's margin"),
            std::string::npos)
      << r.output;
}

TEST_F(HistoryGate, EnvironmentChangesAreListed) {
  add_runs(1);
  const std::string moved =
      dir.write("moved.json", history_run(5, 1000, 1000, "Other CPU"));
  ASSERT_EQ(run_tally("history add " + moved + " --db " + db).exit_code, 0);
  const auto show = run_tally("history show --db " + db);
  EXPECT_NE(show.output.find("run 2: cross-environment: 1 difference(s) that "
                             "change numbers without a code change, run 1 -> "
                             "run 2:\n  cpu: Test CPU -> Other CPU\n"),
            std::string::npos)
      << show.output;
  // check compares the results with the history's last run.
  const auto r = run_tally("check " + results + " --expected " + expected +
                           " --thresholds-from-history " + db);
  EXPECT_NE(r.output.find("the history's last run -> these results:\n"
                          "  cpu: Other CPU -> Test CPU\n"),
            std::string::npos)
      << r.output;
}

TEST_F(HistoryGate, BadFlags) {
  EXPECT_EQ(run_tally("check " + results + " --expected " + expected +
                      " --thresholds-from-history " + dir.file("absent.db"))
                .exit_code,
            8);
  const auto window =
      run_tally("check " + results + " --expected " + expected + " --window 5");
  EXPECT_EQ(window.exit_code, 2);
  EXPECT_NE(window.output.find("--window and --floor need "
                               "--thresholds-from-history DB"),
            std::string::npos);
  add_runs(1);
  for (const std::string& bad : {"--window 2", "--window x", "--floor -1",
                                 "--floor 100", "--alpha 0", "--alpha 1.5"}) {
    const auto r = run_tally("check " + results + " --expected " + expected +
                             " --thresholds-from-history " + db + " " + bad);
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.output;
    EXPECT_EQ(r.output.find('\n'), r.output.size() - 1) << r.output;
  }
  for (const std::string& bad : {"--window 1", "--floor -3"})
    EXPECT_EQ(run_tally("history show --db " + db + " " + bad).exit_code, 2)
        << bad;
}

}  // namespace learned_thresholds_test
}  // namespace tally::history

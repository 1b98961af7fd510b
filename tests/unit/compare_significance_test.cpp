// The statistics behind compare and check for noisy counters, against
// values computed by hand and by scipy (1.10, Debian 12's python3-scipy).
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <sstream>

#include "compare/compare.hpp"
#include "compare/significance.hpp"
#include "gate/check.hpp"

namespace tally::compare {
namespace significance_test {

using gate::check;
using gate::CheckReport;
using gate::drifting_rows;
using gate::ExpectedFile;
using gate::Verdict;

// Hand: U = 0, mean 12.5, variance 25/12·11 = 22.917, z = (12.5 − 0.5) /
// 4.787 = 2.5067, p = 2·(1 − Φ(2.5067)) = 0.012186.
TEST(UTest, SeparatedSamplesByHand) {
  const UTestResult r = mann_whitney_u({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10});
  EXPECT_DOUBLE_EQ(r.u, 0);
  EXPECT_NEAR(r.z, 2.5067, 1e-4);
  EXPECT_NEAR(r.p, 0.012185780355344813, 1e-12);
}

// scipy.stats.mannwhitneyu(a, b, alternative="two-sided",
// method="asymptotic"): statistic and pvalue.
TEST(UTest, MatchesScipyWithTies) {
  UTestResult r = mann_whitney_u({1, 2, 2, 3, 4}, {2, 3, 3, 5, 6});
  EXPECT_DOUBLE_EQ(r.u, 6);
  EXPECT_NEAR(r.p, 0.19882894401644247, 1e-12);
  r = mann_whitney_u({10, 12, 11, 13, 15, 14, 10, 12, 11},
                     {11, 13, 12, 14, 16, 13, 12, 12, 15});
  EXPECT_DOUBLE_EQ(r.u, 25);
  EXPECT_NEAR(r.p, 0.178224578048927, 1e-12);
  r = mann_whitney_u({100, 101, 99, 102, 100, 98, 101, 100, 99},
                     {103, 104, 102, 105, 103, 101, 104, 103, 102});
  EXPECT_DOUBLE_EQ(r.u, 3);
  EXPECT_NEAR(r.p, 0.0009739189471592772, 1e-12);
}

TEST(UTest, AllEqualOrEmptyIsNoEvidence) {
  EXPECT_EQ(mann_whitney_u({5, 5, 5}, {5, 5, 5, 5}).p, 1);
  EXPECT_EQ(mann_whitney_u({}, {1, 2}).p, 1);
}

TEST(UTest, FewestSamplesThatCanBeSignificant) {
  // 3 vs 3 fully separated gives p = 0.081, 4 vs 4 gives 0.030.
  EXPECT_EQ(u_test_min_samples(0.05), 4);
  EXPECT_EQ(u_test_min_samples(0.01), 6);
}

// scipy.stats.binomtest(k, n, 0.5, alternative="greater").pvalue
TEST(SignTest, MatchesScipyBinomtest) {
  EXPECT_NEAR(sign_test_p(5, 5), 0.03125, 1e-15);
  EXPECT_NEAR(sign_test_p(9, 10), 0.0107421875, 1e-15);
  EXPECT_NEAR(sign_test_p(8, 10), 0.0546875, 1e-15);
  EXPECT_NEAR(sign_test_p(15, 20), 0.020694732666015625, 1e-15);
  EXPECT_NEAR(sign_test_p(3, 5), 0.5, 1e-15);
  EXPECT_EQ(sign_test_p(0, 5), 1);
  EXPECT_EQ(sign_test_min_samples(0.05), 5);
}

// Random cases against scipy itself (one interpreter for all of them),
// when Debian's python3-scipy is there.
TEST(UTest, MatchesScipyOnRandomSamples) {
  if (std::system("/usr/bin/python3 -c 'import scipy' 2>/dev/null") != 0)
    GTEST_SKIP() << "python3-scipy is not installed";
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> value(0, 30), size(2, 15);
  std::vector<std::pair<std::vector<double>, std::vector<double>>> cases(20);
  std::ostringstream script;
  script << "/usr/bin/python3 -c 'from scipy.stats import mannwhitneyu\n";
  for (auto& [a, b] : cases) {
    a.resize(static_cast<std::size_t>(size(rng)));
    b.resize(static_cast<std::size_t>(size(rng)));
    for (double& v : a) v = value(rng);
    for (double& v : b) v = value(rng) + 5;
    script << "print(repr(mannwhitneyu([";
    for (double v : a) script << v << ",";
    script << "],[";
    for (double v : b) script << v << ",";
    script << "],alternative=\"two-sided\",method=\"asymptotic\").pvalue))\n";
  }
  script << "'";
  FILE* pipe = popen(script.str().c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  for (std::size_t c = 0; c < cases.size(); ++c) {
    double expected = -1;
    ASSERT_EQ(std::fscanf(pipe, "%lf", &expected), 1) << "case " << c;
    EXPECT_NEAR(mann_whitney_u(cases[c].first, cases[c].second).p, expected,
                1e-9)
        << "case " << c;
  }
  pclose(pipe);
}

// By hand: base {100, 102} bootstraps to a minimum of 100 with probability
// 1 − (1/2)² = 0.75 and 102 with 0.25; now {101, 103} likewise. The changes
// −0.98 % (0.1875), +0.98 % (0.0625), +1 % (0.5625), +3 % (0.1875): p =
// 2·P(change ≤ 0) = 0.375, and 95 % of it lies in [−0.98 %, +3 %].
TEST(MinBootstrap, TwoByTwoByHand) {
  const MinBootstrap b = bootstrap_min_change({100, 102}, {101, 103}, 0.05);
  EXPECT_NEAR(b.p, 0.375, 1e-12);
  EXPECT_NEAR(b.low_pct, (101.0 / 102 - 1) * 100, 1e-9);
  EXPECT_NEAR(b.high_pct, 3, 1e-9);
}

TEST(MinBootstrap, SeparatedMinimaAreSignificant) {
  // base 100 (0.75) or 110 (0.25) against 120: +20 % or +9.09 %, never ≤ 0.
  const MinBootstrap b = bootstrap_min_change({100, 110}, {120}, 0.05);
  EXPECT_EQ(b.p, 0);
  EXPECT_NEAR(b.low_pct, (120.0 / 110 - 1) * 100, 1e-9);
  EXPECT_NEAR(b.high_pct, 20, 1e-9);
}

Results wall_run(const std::string& path, std::vector<double> samples,
                 const std::string& counter = "wall") {
  Results r;
  r.path = path;
  ResultRow row{"spin_native", "wall_time_ns", 0, path, samples, counter};
  row.value = *std::min_element(samples.begin(), samples.end());
  r.add(row);
  return r;
}

TEST(NoisyCompare, ShiftedSamplesAreASignificantRegression) {
  const Comparison c =
      compare(wall_run("a", {100, 101, 99, 102, 100, 98, 101, 100, 99}),
              wall_run("b", {103, 104, 102, 105, 103, 101, 104, 103, 102}), 1,
              kDefaultAlpha, NoiseTest::kUTest);
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.rows[0].mark, Change::kRegression);
  EXPECT_NEAR(*c.rows[0].p_value, 0.0009739189471592772, 1e-12);
  EXPECT_EQ(c.few_sample_rows, 0);
}

TEST(NoisyCompare, OneLowOutlierIsNotARegression) {
  // The minimum moves by +5 % only because base had one lucky sample.
  const Comparison c =
      compare(wall_run("a", {95, 100, 104, 101, 99, 103}),
              wall_run("b", {100, 103, 99.8, 101, 104, 102}), 1);
  EXPECT_GT(c.rows[0].change_pct, 4);
  EXPECT_EQ(c.rows[0].mark, Change::kWithin);
  EXPECT_NE(c.rows[0].note.find("not significant (p="), std::string::npos)
      << c.rows[0].note;
  EXPECT_EQ(c.few_sample_rows, 1);  // 6 < 9 samples
}

// Samples of a 3 % slower loop on this shared machine (wall, ns): the
// minima are steady, a third of the samples are preempted. The U test over
// all samples drowns in those; the bootstrap of the minimum does not.
TEST(NoisyCompare, MinimumBootstrapSeesThroughPreemptedSamples) {
  const Results base = wall_run("a", {812407, 20869587, 812106, 812086, 812056,
                                      21707422, 843783, 812076, 812066});
  const Results now = wall_run("b", {836422, 836500, 21000000, 836450, 836430,
                                     836600, 19000000, 836440, 870000});
  const Comparison u = compare(base, now, 1, kDefaultAlpha, NoiseTest::kUTest);
  EXPECT_EQ(u.rows[0].mark, Change::kWithin);
  const Comparison boot = compare(base, now, 1);
  EXPECT_EQ(boot.test, NoiseTest::kMinBootstrap);
  EXPECT_EQ(boot.rows[0].mark, Change::kRegression);
  EXPECT_LT(*boot.rows[0].p_value, 0.001);
  EXPECT_GT(boot.rows[0].interval_pct->first, 2.9);
  // The same runs the other way round: an improvement, as significant.
  EXPECT_EQ(compare(now, base, 1).rows[0].mark, Change::kImprovement);
}

TEST(NoisyCompare, TooFewSamplesSaysHowManyAreNeeded) {
  const Comparison c = compare(wall_run("a", {100, 101, 100}),
                               wall_run("b", {120, 121, 122}), 1);
  EXPECT_EQ(c.rows[0].mark, Change::kWithin);
  EXPECT_NE(c.rows[0].note.find("needs 4+ samples per side"), std::string::npos)
      << c.rows[0].note;
}

TEST(NoisyCompare, CallgrindKeepsTheMarginAlone) {
  const Comparison c = compare(wall_run("a", {100, 100, 100}, "callgrind"),
                               wall_run("b", {102, 102, 102}, "callgrind"), 1);
  EXPECT_EQ(c.rows[0].mark, Change::kRegression);
  EXPECT_FALSE(c.rows[0].p_value);
}

ExpectedFile one_expectation(double expected, double margin) {
  ExpectedFile e;
  e.path = "expected.csv";
  e.rows.push_back({"spin_native", "wall_time_ns", expected, margin, 1});
  return e;
}

TEST(NoisyCheck, SignTestDecides) {
  // 9 of 10 samples above 100·1.02: P(X ≥ 9) = 0.0107 < 0.05.
  CheckReport report =
      check(wall_run("r", {101, 103, 104, 103, 105, 103, 104, 106, 103, 103}),
            one_expectation(100, 0.02), {});
  EXPECT_EQ(report.rows[0].verdict, Verdict::kRegression);
  EXPECT_NEAR(*report.rows[0].p_value, 0.0107421875, 1e-12);
  // Above the margin with 4 samples cannot be significant.
  report = check(wall_run("r", {110, 111, 112, 113}),
                 one_expectation(100, 0.02), {});
  EXPECT_EQ(report.rows[0].verdict, Verdict::kPass);
  EXPECT_NE(report.rows[0].note.find("needs 5+ samples"), std::string::npos);
  // Under callgrind the minimum alone decides, as before.
  report = check(wall_run("r", {110, 111, 112, 113}, "callgrind"),
                 one_expectation(100, 0.02), {});
  EXPECT_EQ(report.rows[0].verdict, Verdict::kRegression);
}

TEST(NoisyCheck, DriftPastEightyPercentOfTheBand) {
  CheckReport report = check(wall_run("r", {104.5}, "callgrind"),
                             one_expectation(100, 0.05), {});
  ASSERT_EQ(report.rows[0].verdict, Verdict::kPass);
  EXPECT_EQ(drifting_rows(report).size(), 1u);  // 90 % of ±5 %
  report =
      check(wall_run("r", {103}, "callgrind"), one_expectation(100, 0.05), {});
  EXPECT_TRUE(drifting_rows(report).empty());  // 60 %
}

}  // namespace significance_test
}  // namespace tally::compare

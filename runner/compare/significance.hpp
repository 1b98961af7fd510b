// Statistics for counters with noise (wall, perf): whether a change between
// two sets of samples, or between samples and an expected value, is more
// than noise. Under callgrind counts repeat to the instruction and none of
// this applies: a margin alone decides.
#ifndef TALLY_COMPARE_SIGNIFICANCE_HPP
#define TALLY_COMPARE_SIGNIFICANCE_HPP

#include <string>
#include <vector>

namespace tally::compare {

/// The significance level of compare and check, as Google Benchmark's
/// compare.py (`--alpha`): a change counts when p < alpha.
inline constexpr double kDefaultAlpha = 0.05;

/// compare.py's UTEST_OPTIMAL_REPETITIONS: below this many samples per
/// side a U test has little power, and both tools say so.
inline constexpr int kRecommendedSamples = 9;

/// True for the counters whose samples vary from run to run.
bool noisy_counter(const std::string& counter);

struct UTestResult {
  double u = 0;  // U of the first sample
  double z = 0;  // standardized, with continuity correction
  double p = 1;  // two-sided
};

/// Two-sided Mann–Whitney U test, normal approximation with tie and
/// continuity correction (scipy.stats.mannwhitneyu(method="asymptotic")).
/// p is 1 when either side is empty or every value is equal.
UTestResult mann_whitney_u(const std::vector<double>& a,
                           const std::vector<double>& b);

/// The fewest samples per side for which the U test can reach p < alpha
/// at all (4 at 0.05); with fewer, no difference can be significant.
int u_test_min_samples(double alpha);

/// The exact bootstrap of the change of the minimum, NEW/BASE − 1 in
/// percent: resampling n values with replacement gives the i-th smallest
/// as the minimum with probability ((n−i+1)/n)^n − ((n−i)/n)^n, so the
/// distribution of the change needs no random draws. `p` is two-sided,
/// 2·min(P(change ≤ 0), P(change ≥ 0)); [low_pct, high_pct] holds 1 − alpha
/// of it.
struct MinBootstrap {
  double p = 1;
  double low_pct = 0, high_pct = 0;
};
MinBootstrap bootstrap_min_change(const std::vector<double>& base,
                                  const std::vector<double>& now, double alpha);

/// Which test compare uses for counters with noise.
enum class NoiseTest { kMinBootstrap, kUTest };
const char* noise_test_name(NoiseTest t);  // "min-bootstrap", "u"

/// One-sided sign test: P(X >= successes) for X ~ Binomial(n, 1/2), the
/// chance that `successes` of `n` samples fall on one side of a fixed value
/// by noise alone.
double sign_test_p(int successes, int n);

/// The fewest samples for which the sign test can reach p < alpha (5 at
/// 0.05).
int sign_test_min_samples(double alpha);

/// "p=0.0123": a p-value as the reports print it.
std::string p_value_text(double p);

}  // namespace tally::compare

#endif  // TALLY_COMPARE_SIGNIFICANCE_HPP

#include "aggregate/significance.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <utility>

namespace tally::aggregate {

bool noisy_counter(const std::string& counter) {
  return counter == "wall" || counter == "perf";
}

namespace {

// Sum of the ranks of a's values in a ∪ b (ties get their average rank),
// and the tie term Σ(t³ − t) over groups of equal values.
std::pair<double, double> rank_sum_and_ties(const std::vector<double>& a,
                                            const std::vector<double>& b) {
  std::vector<std::pair<double, bool>> all;  // value, from a
  for (double v : a) all.emplace_back(v, true);
  for (double v : b) all.emplace_back(v, false);
  std::sort(all.begin(), all.end());
  double rank_sum = 0, ties = 0;
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j].first == all[i].first) ++j;
    const double t = static_cast<double>(j - i);
    const double average_rank = (static_cast<double>(i + j) + 1) / 2;
    for (std::size_t k = i; k < j; ++k)
      if (all[k].second) rank_sum += average_rank;
    ties += t * t * t - t;
    i = j;
  }
  return {rank_sum, ties};
}

}  // namespace

UTestResult mann_whitney_u(const std::vector<double>& a,
                           const std::vector<double>& b) {
  UTestResult r;
  if (a.empty() || b.empty()) return r;
  const double n1 = static_cast<double>(a.size());
  const double n2 = static_cast<double>(b.size());
  const double n = n1 + n2;
  const auto [rank_sum, ties] = rank_sum_and_ties(a, b);
  r.u = rank_sum - n1 * (n1 + 1) / 2;
  const double mean = n1 * n2 / 2;
  const double variance = n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)));
  if (!(variance > 0)) return r;
  // Two-sided: the larger of U1 and U2 = n1·n2 − U1, less a half for the
  // continuity correction, as scipy does.
  const double u_max = std::max(r.u, n1 * n2 - r.u);
  r.z = (u_max - mean - 0.5) / std::sqrt(variance);
  const boost::math::normal standard;
  r.p = std::min(1.0, 2 * boost::math::cdf(boost::math::complement(
                              standard, std::max(r.z, 0.0))));
  return r;
}

int u_test_min_samples(double alpha) {
  for (int m = 1; m < 1000; ++m) {
    std::vector<double> low(static_cast<std::size_t>(m)),
        high(static_cast<std::size_t>(m));
    for (int i = 0; i < m; ++i) {
      low[static_cast<std::size_t>(i)] = i;
      high[static_cast<std::size_t>(i)] = m + i;
    }
    if (mann_whitney_u(low, high).p < alpha) return m;
  }
  return 1000;
}

double sign_test_p(int successes, int n) {
  if (n <= 0 || successes <= 0) return 1;
  if (successes > n) successes = n;
  const boost::math::binomial coin(n, 0.5);
  return boost::math::cdf(boost::math::complement(coin, successes - 1));
}

int sign_test_min_samples(double alpha) {
  for (int n = 1; n < 1000; ++n)
    if (sign_test_p(n, n) < alpha) return n;
  return 1000;
}

}  // namespace tally::aggregate

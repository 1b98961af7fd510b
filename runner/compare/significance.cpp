#include "compare/significance.hpp"

#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <cstdio>
#include <utility>

namespace tally::compare {

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

namespace {

// (value, probability) of the bootstrap minimum of `samples`. Order
// statistics beyond the 64th carry less than e^-63 and are left out.
std::vector<std::pair<double, double>> bootstrap_min_distribution(
    std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  const double n = static_cast<double>(samples.size());
  std::vector<std::pair<double, double>> out;
  for (std::size_t i = 0; i < samples.size() && i < 64; ++i) {
    const double k = static_cast<double>(i);
    out.emplace_back(samples[i],
                     std::pow((n - k) / n, n) - std::pow((n - k - 1) / n, n));
  }
  return out;
}

}  // namespace

MinBootstrap bootstrap_min_change(const std::vector<double>& base,
                                  const std::vector<double>& now,
                                  double alpha) {
  MinBootstrap r;
  if (base.empty() || now.empty()) return r;
  std::vector<std::pair<double, double>> changes;  // percent, probability
  for (const auto& [b, pb] : bootstrap_min_distribution(base))
    for (const auto& [n, pn] : bootstrap_min_distribution(now))
      if (b > 0) changes.emplace_back((n / b - 1) * 100, pb * pn);
  if (changes.empty()) return r;
  std::sort(changes.begin(), changes.end());
  double total = 0, not_above = 0, not_below = 0;
  for (const auto& [change, prob] : changes) {
    total += prob;
    if (change <= 0) not_above += prob;
    if (change >= 0) not_below += prob;
  }
  r.p = std::min(1.0, 2 * std::min(not_above, not_below) / total);
  double seen = 0;
  r.low_pct = changes.front().first;
  r.high_pct = changes.back().first;
  bool low_set = false;
  for (const auto& [change, prob] : changes) {
    seen += prob / total;
    if (!low_set && seen > alpha / 2) {
      r.low_pct = change;
      low_set = true;
    }
    if (seen >= 1 - alpha / 2) {
      r.high_pct = change;
      break;
    }
  }
  return r;
}

const char* noise_test_name(NoiseTest t) {
  return t == NoiseTest::kUTest ? "u" : "min-bootstrap";
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

std::string p_value_text(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "p=%.3g", p);
  return buf;
}

}  // namespace tally::compare

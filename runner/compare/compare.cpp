#include "compare/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>

namespace tally::compare {

int Comparison::count(Change c) const {
  return static_cast<int>(
      std::count_if(rows.begin(), rows.end(),
                    [c](const CompareRow& r) { return r.mark == c; }));
}

namespace {

std::string fate(const Results& other, const std::string& name) {
  const CellOutcome* o = other.outcome(name);
  if (!o) return "";
  return o->reason.empty() ? o->status : o->status + ": " + o->reason;
}

double pct_change(double base, double now) {
  if (base == 0) {
    if (now == 0) return 0;
    return now > 0 ? std::numeric_limits<double>::infinity()
                   : -std::numeric_limits<double>::infinity();
  }
  return (now / base - 1) * 100;
}

// For counters with noise a change beyond the threshold counts only when
// the samples say it is not noise.
void judge_by_samples(CompareRow& row, const ResultRow& b, const ResultRow& n,
                      double alpha, NoiseTest test) {
  const bool noisy = noisy_counter(b.counter) || noisy_counter(n.counter);
  if (!noisy || b.samples.empty() || n.samples.empty()) return;
  row.base_samples = static_cast<int>(b.samples.size());
  row.new_samples = static_cast<int>(n.samples.size());
  if (test == NoiseTest::kUTest) {
    row.p_value = mann_whitney_u(b.samples, n.samples).p;
  } else {
    const MinBootstrap boot = bootstrap_min_change(b.samples, n.samples, alpha);
    row.p_value = boot.p;
    row.interval_pct = {boot.low_pct, boot.high_pct};
  }
  if (row.mark == Change::kWithin) return;
  const int needed = u_test_min_samples(alpha);
  if (std::min(row.base_samples, row.new_samples) < needed) {
    row.note = std::string("not counted: the ") +
               (test == NoiseTest::kUTest ? "U test" : "bootstrap") +
               " needs " + std::to_string(needed) +
               "+ samples per side to reach p<" +
               p_value_text(alpha).substr(2) + " (--iterations " +
               std::to_string(kRecommendedSamples) + " recommended)";
    row.mark = Change::kWithin;
  } else if (*row.p_value >= alpha) {
    row.note = "not significant (" + p_value_text(*row.p_value) + ")";
    row.mark = Change::kWithin;
  }
}

}  // namespace

Comparison compare(const Results& base, const Results& now,
                   double threshold_pct, double alpha, NoiseTest test) {
  Comparison c;
  c.base_path = base.path;
  c.new_path = now.path;
  c.base_metadata = base.metadata;
  c.new_metadata = now.metadata;
  c.threshold_pct = threshold_pct;
  c.alpha = alpha;
  c.test = test;
  c.environment = environment_differences(base.metadata, now.metadata);
  double log_sum = 0;
  for (const ResultRow& b : base.rows) {
    const ResultRow* n = now.find(b.name, b.metric);
    if (!n) {
      c.only_base.push_back({b.name, b.metric, b.value, fate(now, b.name)});
      continue;
    }
    CompareRow row;
    row.name = b.name;
    row.metric = b.metric;
    row.base = b.value;
    row.now = n->value;
    row.change = n->value - b.value;
    row.change_pct = pct_change(b.value, n->value);
    if (row.change_pct > threshold_pct) row.mark = Change::kRegression;
    if (row.change_pct < -threshold_pct) row.mark = Change::kImprovement;
    judge_by_samples(row, b, *n, alpha, test);
    if (row.p_value &&
        std::min(row.base_samples, row.new_samples) < kRecommendedSamples)
      ++c.few_sample_rows;
    if (b.value > 0 && n->value > 0) {
      log_sum += std::log(n->value / b.value);
      ++c.geomean_rows;
    }
    c.rows.push_back(row);
  }
  for (const ResultRow& n : now.rows) {
    if (!base.find(n.name, n.metric)) {
      c.only_new.push_back({n.name, n.metric, n.value, fate(base, n.name)});
    }
  }
  std::stable_sort(
      c.rows.begin(), c.rows.end(),
      [](const CompareRow& a, const CompareRow& b) {
        return std::make_tuple(-std::fabs(a.change_pct), a.name, a.metric) <
               std::make_tuple(-std::fabs(b.change_pct), b.name, b.metric);
      });
  if (c.geomean_rows > 0) c.geomean_ratio = std::exp(log_sum / c.geomean_rows);
  return c;
}

std::string p_value_cell(const CompareRow& r) {
  if (!r.p_value) return "-";
  char buf[96];
  if (r.interval_pct)
    std::snprintf(buf, sizeof buf, "%.3g [%+.2f%%, %+.2f%%]", *r.p_value,
                  r.interval_pct->first, r.interval_pct->second);
  else
    std::snprintf(buf, sizeof buf, "%.3g", *r.p_value);
  return buf;
}

}  // namespace tally::compare

#include "aggregate/compare.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace tally::aggregate {

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

}  // namespace

Comparison compare(const Results& base, const Results& now,
                   double threshold_pct) {
  Comparison c;
  c.base_path = base.path;
  c.new_path = now.path;
  c.base_metadata = base.metadata;
  c.new_metadata = now.metadata;
  c.threshold_pct = threshold_pct;
  double log_sum = 0;
  for (const ResultRow& b : base.rows) {
    const ResultRow* n = now.find(b.name, b.metric);
    if (!n) {
      c.only_base.push_back({b.name, b.metric, b.value, fate(now, b.name)});
      continue;
    }
    CompareRow row{
        b.name,         b.metric,           b.value,
        n->value,       n->value - b.value, pct_change(b.value, n->value),
        Change::kWithin};
    if (row.change_pct > threshold_pct) row.mark = Change::kRegression;
    if (row.change_pct < -threshold_pct) row.mark = Change::kImprovement;
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

}  // namespace tally::aggregate

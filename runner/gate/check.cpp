#include "gate/check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/text.hpp"

namespace tally::gate {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kPass:
      return "PASS";
    case Verdict::kWin:
      return "WIN";
    case Verdict::kRegression:
      return "REGRESSION";
    case Verdict::kMissing:
      return "MISSING";
    case Verdict::kUntested:
      return "UNTESTED";
    case Verdict::kSkipped:
      return "SKIP";
  }
  return "?";
}

int CheckReport::count(Verdict v) const {
  return static_cast<int>(
      std::count_if(rows.begin(), rows.end(),
                    [v](const CheckRow& r) { return r.verdict == v; }));
}

ExitCode CheckReport::exit_code(bool strict) const {
  if (count(Verdict::kMissing) > 0) return ExitCode::kMissingResult;
  if (count(Verdict::kRegression) > 0) return ExitCode::kRegression;
  if (strict && count(Verdict::kWin) > 0) return ExitCode::kWin;
  return ExitCode::kOk;
}

namespace {

std::string missing_note(const Results& results, const std::string& name) {
  if (const CellOutcome* o = results.outcome(name)) {
    std::string note = "cell " + o->status;
    if (!o->reason.empty()) note += ": " + o->reason;
    return note;
  }
  return "no result in " + results.path;
}

Verdict margin_verdict(double value, const ExpectedRow& e) {
  if (value > e.expected * (1 + e.margin)) return Verdict::kRegression;
  if (value < e.expected * (1 - e.margin)) return Verdict::kWin;
  return Verdict::kPass;
}

// Noisy rows: the verdict of the sign test over the samples; the note says
// when it differs from what the minimum alone would say.
void judge_by_samples(CheckRow& row, const ResultRow& r, const ExpectedRow& e,
                      double alpha) {
  if (!compare::noisy_counter(r.counter) || r.samples.empty()) return;
  const double high = e.expected * (1 + e.margin);
  const double low = e.expected * (1 - e.margin);
  const int n = static_cast<int>(r.samples.size());
  int above = 0, below = 0;
  for (double v : r.samples) {
    above += v > high;
    below += v < low;
  }
  const double p_up = compare::sign_test_p(above, n),
               p_down = compare::sign_test_p(below, n);
  row.p_value = row.change_pct >= 0 ? p_up : p_down;
  const Verdict by_min = row.verdict;
  row.verdict = p_up < alpha     ? Verdict::kRegression
                : p_down < alpha ? Verdict::kWin
                                 : Verdict::kPass;
  if (row.verdict == by_min) return;
  const int needed = compare::sign_test_min_samples(alpha);
  const int beyond = by_min == Verdict::kRegression ? above : below;
  if (row.verdict != Verdict::kPass)
    row.note = std::to_string(beyond) + " of " + std::to_string(n) +
               " samples beyond the margin (" +
               compare::p_value_text(*row.p_value) + ")";
  else if (n < needed)
    row.note = "beyond the margin but not counted: the sign test needs " +
               std::to_string(needed) + "+ samples";
  else
    row.note =
        "beyond the margin but not significant: " + std::to_string(beyond) +
        " of " + std::to_string(n) + " samples beyond (" +
        compare::p_value_text(*row.p_value) + ")";
}

}  // namespace

std::vector<const CheckRow*> drifting_rows(const CheckReport& report) {
  std::vector<const CheckRow*> out;
  for (const CheckRow& r : report.rows)
    if (r.verdict == Verdict::kPass && r.actual && r.expected && r.margin > 0 &&
        std::fabs(r.change_pct) > kDriftFractionOfBand * r.margin * 100)
      out.push_back(&r);
  return out;
}

CheckReport check(const Results& results, const ExpectedFile& expected,
                  const std::vector<SkipRule>& extra_skips,
                  const NameFilter* filter, double alpha) {
  auto kept = [&](const std::string& name) {
    return !filter || filter->matches(name);
  };
  std::vector<const SkipRule*> skips;
  for (const SkipRule& s : expected.skips) skips.push_back(&s);
  for (const SkipRule& s : extra_skips) skips.push_back(&s);
  std::vector<bool> skip_used(skips.size(), false);
  auto skipped_by = [&](const std::string& name,
                        const std::string& metric) -> const SkipRule* {
    for (std::size_t i = 0; i < skips.size(); ++i) {
      if (skips[i]->matches(name, metric)) {
        skip_used[i] = true;
        return skips[i];
      }
    }
    return nullptr;
  };

  CheckReport report;
  for (const ExpectedRow& e : expected.rows) {
    if (!kept(e.name)) continue;
    CheckRow row;
    row.name = e.name;
    row.metric = e.metric;
    row.expected = e.expected;
    row.margin = e.margin;
    row.expected_line = e.line;
    const ResultRow* r = results.find(e.name, e.metric);
    if (r) {
      row.actual = r->value;
      row.change_pct = (r->value / e.expected - 1) * 100;
    }
    if (const SkipRule* rule = skipped_by(e.name, e.metric)) {
      row.verdict = Verdict::kSkipped;
      row.note = "skipped by " + rule->where +
                 (rule->reason.empty() ? "" : " (" + rule->reason + ")");
    } else if (!r) {
      row.verdict = Verdict::kMissing;
      row.note = missing_note(results, e.name);
    } else {
      row.verdict = margin_verdict(r->value, e);
      judge_by_samples(row, *r, e, alpha);
      const std::string rounded = expected_value_text(r->value, e.margin);
      if (std::fabs(row.change_pct) >
              e.margin * 100 * kUpdateFractionOfMargin &&
          *parse_number(rounded) != e.expected) {
        report.updates.push_back(
            {e.line, e.name, e.metric, e.expected, rounded});
      }
    }
    report.rows.push_back(std::move(row));
  }
  std::set<std::pair<std::string, std::string>> expected_keys;
  for (const ExpectedRow& e : expected.rows) {
    expected_keys.emplace(e.name, e.metric);
  }
  for (const ResultRow& r : results.rows) {
    if (expected_keys.count({r.name, r.metric}) > 0 || !kept(r.name)) continue;
    CheckRow row;
    row.name = r.name;
    row.metric = r.metric;
    row.actual = r.value;
    if (const SkipRule* rule = skipped_by(r.name, r.metric)) {
      row.verdict = Verdict::kSkipped;
      row.note = "skipped by " + rule->where +
                 (rule->reason.empty() ? "" : " (" + rule->reason + ")");
    } else {
      row.verdict = Verdict::kUntested;
      row.note = "no expected row";
    }
    report.rows.push_back(std::move(row));
  }
  // Under a filter, a rule for rows left out is not stale.
  for (std::size_t i = 0; i < skips.size() && !filter; ++i) {
    if (!skip_used[i]) report.unused_skips.push_back(skips[i]);
  }
  return report;
}

std::string expected_value_text(double value, double margin) {
  return margin == 0 ? format_value(std::round(value))
                     : round_significant(value, 4);
}

std::string updated_expected_text(
    const ExpectedFile& expected, const CheckReport& report,
    const std::optional<std::string>& untested_margin) {
  std::vector<std::pair<int, std::string>> values;
  for (const Update& u : report.updates)
    values.emplace_back(u.line, u.new_value);
  std::string text = rewrite_expected(expected, values);
  if (!untested_margin) return text;
  for (const CheckRow& row : report.rows) {
    if (row.verdict != Verdict::kUntested) continue;
    const double margin = parse_number(*untested_margin).value_or(1);
    text = append_expected_row(
        std::move(text), row.name + "," + row.metric + "," +
                             expected_value_text(*row.actual, margin) + "," +
                             *untested_margin);
  }
  return text;
}

}  // namespace tally::gate

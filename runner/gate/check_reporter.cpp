#include "gate/check_reporter.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

#include "core/table.hpp"
#include "core/text.hpp"

namespace tally::gate {

namespace {

std::string margin_text(double margin) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "±%.2f%%", margin * 100);
  return buf;
}

std::string note_text(const CheckRow& r) {
  if (!r.p_value || !r.note.empty()) return r.note;
  char buf[32];
  std::snprintf(buf, sizeof buf, "p=%.3g", *r.p_value);
  return buf;
}

// The change in the metric's own unit: an exact gate's failure is a few
// instructions, which a percentage rounds to +0.00%.
std::string delta_text(double actual, double expected) {
  const auto whole = [](double v) {
    return std::fabs(v) < 1e15 && v == std::floor(v);
  };
  if (!whole(actual) || !whole(expected)) return "";
  const double delta = actual - expected;
  return std::string(" (") + (delta > 0 ? "+" : "") + format_value(delta) + ")";
}

bool fails(Verdict v, bool strict) {
  return v == Verdict::kRegression || v == Verdict::kMissing ||
         (strict && v == Verdict::kWin);
}

void print_check(std::ostream& out, const CheckReport& report,
                 const std::string& expected_path, bool strict) {
  using A = Table::Align;
  Table table({{"result"},
               {"name"},
               {"metric"},
               {"change", A::kRight},
               {"actual", A::kRight},
               {"expected", A::kRight},
               {"margin", A::kRight},
               {"note"}});
  for (const CheckRow& r : report.rows) {
    const bool both = r.actual && r.expected;
    table.add_row({verdict_name(r.verdict), r.name, r.metric,
                   both ? format_pct(r.change_pct) : "-",
                   r.actual ? format_value(*r.actual) : "-",
                   r.expected ? format_value(*r.expected) : "-",
                   r.expected ? margin_text(r.margin) : "-", note_text(r)});
  }
  table.print(out);

  bool header = false;
  for (const CheckRow& r : report.rows) {
    if (!fails(r.verdict, strict)) continue;
    if (!header) out << "\nfailures:\n";
    header = true;
    out << "  " << expected_path << ":" << r.expected_line << ": "
        << verdict_name(r.verdict) << " " << r.name << "," << r.metric;
    if (r.verdict == Verdict::kMissing) {
      out << ": " << r.note << "\n";
    } else {
      out << ": " << format_value(*r.actual) << " is "
          << format_pct(r.change_pct) << delta_text(*r.actual, *r.expected)
          << " from expected " << format_value(*r.expected) << " "
          << margin_text(r.margin) << "\n";
    }
  }
  for (const SkipRule* s : report.unused_skips) {
    out << "\nnote: skip rule at " << s->where << " (" << s->name_glob << ","
        << s->metric_glob << ") matches nothing; remove it if the benchmark "
        << "is repaired\n";
  }

  const ExitCode code = report.exit_code(strict);
  out << "\ncheck: " << report.rows.size()
      << " rows: " << report.count(Verdict::kPass) << " PASS, "
      << report.count(Verdict::kWin) << " WIN, "
      << report.count(Verdict::kRegression) << " REGRESSION, "
      << report.count(Verdict::kMissing) << " MISSING, "
      << report.count(Verdict::kUntested) << " UNTESTED, "
      << report.count(Verdict::kSkipped)
      << " SKIP: " << (code == ExitCode::kOk ? "ok" : "FAILED") << "\n";
}

class ConsoleReporter final : public Reporter<CheckOutput> {
 public:
  std::string name() const override { return "console"; }
  void report(std::ostream& out, const CheckOutput& output) const override {
    print_check(out, output.report, output.expected_path, output.strict);
  }
};

}  // namespace

const Reporters<CheckOutput>& reporters() {
  static const Reporters<CheckOutput> list = [] {
    Reporters<CheckOutput> r;
    r.add(std::make_unique<ConsoleReporter>());
    return r;
  }();
  return list;
}

}  // namespace tally::gate

#include "compare/compare_reporters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

#include "core/table.hpp"
#include "core/text.hpp"

namespace tally::compare {

namespace {

using nlohmann::json;

const char* change_name(Change c) {
  switch (c) {
    case Change::kRegression:
      return "regression";
    case Change::kImprovement:
      return "improvement";
    case Change::kWithin:
      return "within";
  }
  return "?";
}

std::string threshold_text(double pct) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "±%.2f%%", pct);
  return buf;
}

std::string signed_value(double v) {
  return (v > 0 ? "+" : "") + format_value(v);
}

std::string signed_grouped(double v) {
  return (v > 0 ? "+" : "") + format_value_grouped(v);
}

/// "path (commit abc123def456)" when the run recorded its commit.
std::string describe(const std::string& path, const json& metadata,
                     bool markdown) {
  std::string s = markdown ? "`" + path + "`" : path;
  auto it = metadata.find("git_commit");
  if (it != metadata.end() && it->is_string()) {
    const std::string commit = it->get<std::string>().substr(0, 12);
    s += markdown ? " (commit `" + commit + "`)" : " (commit " + commit + ")";
  }
  return s;
}

// Under callgrind no row is tested, and the tables keep their old columns.
bool any_tested(const Comparison& c) {
  return std::any_of(c.rows.begin(), c.rows.end(),
                     [](const CompareRow& r) { return r.p_value.has_value(); });
}

std::string summary_text(const Comparison& c) {
  std::string s;
  if (c.geomean_ratio) {
    char buf[96];
    std::snprintf(
        buf, sizeof buf, "geometric mean new/base %.4f (%s) over %d rows",
        *c.geomean_ratio, format_pct((*c.geomean_ratio - 1) * 100).c_str(),
        c.geomean_rows);
    s = buf;
  } else {
    s = "no row measured in both runs";
  }
  s += "; " + std::to_string(c.count(Change::kRegression)) +
       " regression(s), " + std::to_string(c.count(Change::kImprovement)) +
       " improvement(s) beyond " + threshold_text(c.threshold_pct);
  if (any_tested(c)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, " and significant at alpha %g (%s)", c.alpha,
                  noise_test_name(c.test));
    s += buf;
  }
  return s;
}

// Warnings under the table: what the test could not do, and what a Google
// Benchmark file holds that cannot be compared.
std::vector<std::string> comparison_notes(const Comparison& c) {
  std::vector<std::string> notes;
  if (c.few_sample_rows > 0)
    notes.push_back("warning: " + std::to_string(c.few_sample_rows) +
                    " row(s) tested with fewer than " +
                    std::to_string(kRecommendedSamples) +
                    " samples per side; their verdicts are unreliable (run "
                    "with --iterations " +
                    std::to_string(kRecommendedSamples) + " or more)");
  for (const json* m : {&c.base_metadata, &c.new_metadata}) {
    auto it = m->find("gbench_notes");
    if (it == m->end()) continue;
    const std::string& path = m == &c.base_metadata ? c.base_path : c.new_path;
    for (const json& note : *it)
      notes.push_back("note: " + path +
                      " (Google Benchmark JSON): " + note.get<std::string>());
  }
  return notes;
}

std::string mark_text(const CompareRow& r) {
  if (r.mark == Change::kRegression) return "REGRESSION";
  if (r.mark == Change::kImprovement) return "improvement";
  return r.note;
}

/// Keeps a free-text reason (a stderr tail) inside one table cell.
std::string md_cell(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '|') {
      out += "\\|";
    } else if (ch == '\n' || ch == '\r') {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

void print_one_side_console(std::ostream& out, const char* title,
                            const std::vector<OneSideRow>& rows,
                            const char* other_side) {
  if (rows.empty()) return;
  out << "\n" << title << " (" << rows.size() << "):\n";
  Table table(
      {{"name"}, {"metric"}, {"value", Table::Align::kRight}, {other_side}});
  for (const OneSideRow& r : rows) {
    table.add_row({r.name, r.metric, format_value(r.value),
                   r.other.empty() ? "absent" : r.other});
  }
  table.print(out);
}

void print_one_side_markdown(std::ostream& out, const char* title,
                             const std::vector<OneSideRow>& rows,
                             const char* other_side) {
  if (rows.empty()) return;
  out << "\n<details><summary>" << title << " (" << rows.size()
      << ")</summary>\n\n"
      << "| name | metric | value | " << other_side << " |\n"
      << "|:--|:--|--:|:--|\n";
  for (const OneSideRow& r : rows) {
    out << "| `" << r.name << "` | `" << r.metric << "` | "
        << format_value_grouped(r.value) << " | "
        << md_cell(r.other.empty() ? "absent" : r.other) << " |\n";
  }
  out << "\n</details>\n";
}

void print_md_rows(std::ostream& out,
                   const std::vector<const CompareRow*>& rows, bool with_mark,
                   bool tested) {
  out << (with_mark ? "| | " : "| ")
      << "name | metric | base | new | change | %"
      << (tested ? " | p [interval] | |\n" : " |\n")
      << (with_mark ? "|:-:|" : "|") << ":--|:--|--:|--:|--:|--:|"
      << (tested ? "--:|:--|\n" : "\n");
  for (const CompareRow* r : rows) {
    const char* mark = r->mark == Change::kRegression    ? "🔴"
                       : r->mark == Change::kImprovement ? "🟢"
                                                         : "";
    const std::string pct = format_pct(r->change_pct);
    out << (with_mark ? std::string("| ") + mark + " | " : "| ") << "`"
        << r->name << "` | `" << r->metric << "` | "
        << format_value_grouped(r->base) << " | "
        << format_value_grouped(r->now) << " | " << signed_grouped(r->change)
        << " | " << (r->mark == Change::kWithin ? pct : "**" + pct + "**")
        << " |";
    if (tested)
      out << " " << p_value_cell(*r) << " | " << md_cell(r->note) << " |";
    out << "\n";
  }
}

json json_number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

json one_side_json(const std::vector<OneSideRow>& rows) {
  json a = json::array();
  for (const OneSideRow& r : rows) {
    a.push_back(
        {{"name", r.name},
         {"metric", r.metric},
         {"value", r.value},
         {"other_side", r.other.empty() ? json(nullptr) : json(r.other)}});
  }
  return a;
}

void print_compare_console(std::ostream& out, const Comparison& c) {
  out << "base: " << describe(c.base_path, c.base_metadata, false) << "\n"
      << "new:  " << describe(c.new_path, c.new_metadata, false) << "\n";
  print_environment_differences(out, c.environment, "base", "new");
  out << "\n";
  using A = Table::Align;
  const bool tested = any_tested(c);
  std::vector<Table::Column> columns = {{"name"},
                                        {"metric"},
                                        {"base", A::kRight},
                                        {"new", A::kRight},
                                        {"change", A::kRight},
                                        {"%", A::kRight}};
  if (tested) columns.push_back({"p [interval]", A::kRight});
  columns.push_back({""});
  Table table(columns);
  for (const CompareRow& r : c.rows) {
    std::vector<std::string> cells = {r.name,
                                      r.metric,
                                      format_value(r.base),
                                      format_value(r.now),
                                      signed_value(r.change),
                                      format_pct(r.change_pct)};
    if (tested) cells.push_back(p_value_cell(r));
    cells.push_back(mark_text(r));
    table.add_row(cells);
  }
  table.print(out);
  print_one_side_console(out, "only in base", c.only_base, "in new");
  print_one_side_console(out, "only in new", c.only_new, "in base");
  out << "\n";
  for (const std::string& note : comparison_notes(c)) out << note << "\n";
  out << summary_text(c) << "\n";
}

void print_compare_markdown(std::ostream& out, const Comparison& c) {
  const int regressions = c.count(Change::kRegression);
  out << "### tally compare: "
      << (regressions > 0 ? std::to_string(regressions) + " regression(s)"
                          : std::string("no regression"))
      << " beyond " << threshold_text(c.threshold_pct) << "\n\n"
      << "**Base** " << describe(c.base_path, c.base_metadata, true)
      << " → **New** " << describe(c.new_path, c.new_metadata, true) << "\n\n";
  if (!c.environment.empty()) {
    out << "```\n";
    print_environment_differences(out, c.environment, "base", "new");
    out << "```\n\n";
  }
  std::vector<const CompareRow*> beyond, within;
  for (const CompareRow& r : c.rows) {
    (r.mark == Change::kWithin ? within : beyond).push_back(&r);
  }
  if (beyond.empty()) {
    out << "No change beyond " << threshold_text(c.threshold_pct) << ".\n";
  } else {
    print_md_rows(out, beyond, true, any_tested(c));
  }
  if (!within.empty()) {
    out << "\n<details><summary>" << within.size() << " row(s) within "
        << threshold_text(c.threshold_pct) << "</summary>\n\n";
    print_md_rows(out, within, false, any_tested(c));
    out << "\n</details>\n";
  }
  print_one_side_markdown(out, "Only in base", c.only_base, "in new");
  print_one_side_markdown(out, "Only in new", c.only_new, "in base");
  out << "\n";
  for (const std::string& note : comparison_notes(c)) out << note << "\n\n";
  out << "**Summary:** " << summary_text(c) << "\n";
}

void print_compare_json(std::ostream& out, const Comparison& c) {
  json rows = json::array();
  for (const CompareRow& r : c.rows) {
    rows.push_back(
        {{"name", r.name},
         {"metric", r.metric},
         {"base", r.base},
         {"new", r.now},
         {"change", r.change},
         {"change_pct", json_number(r.change_pct)},
         {"status", change_name(r.mark)},
         {"p_value", r.p_value ? json(*r.p_value) : json(nullptr)},
         {"interval_pct", r.interval_pct ? json::array({r.interval_pct->first,
                                                        r.interval_pct->second})
                                         : json(nullptr)},
         {"samples", {{"base", r.base_samples}, {"new", r.new_samples}}},
         {"note", r.note}});
  }
  json doc = {
      {"base", {{"path", c.base_path}, {"metadata", c.base_metadata}}},
      {"new", {{"path", c.new_path}, {"metadata", c.new_metadata}}},
      {"threshold_pct", c.threshold_pct},
      {"alpha", c.alpha},
      {"test", noise_test_name(c.test)},
      {"cross_environment", !c.environment.empty()},
      {"environment_differences", to_json(c.environment)},
      {"notes", comparison_notes(c)},
      {"rows", rows},
      {"only_in_base", one_side_json(c.only_base)},
      {"only_in_new", one_side_json(c.only_new)},
      {"geomean",
       {{"ratio", c.geomean_ratio ? json(*c.geomean_ratio) : json(nullptr)},
        {"change_pct",
         c.geomean_ratio ? json((*c.geomean_ratio - 1) * 100) : json(nullptr)},
        {"rows", c.geomean_rows}}},
      {"regressions", c.count(Change::kRegression)},
      {"improvements", c.count(Change::kImprovement)},
  };
  out << doc.dump(2) << "\n";
}

}  // namespace

const Reporters<Comparison>& reporters() {
  static const Reporters<Comparison> list = [] {
    Reporters<Comparison> r;
    r.add("console", print_compare_console);
    r.add("markdown", print_compare_markdown);
    r.add("json", print_compare_json);
    return r;
  }();
  return list;
}

}  // namespace tally::compare

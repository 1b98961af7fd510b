#include "aggregate/compare_reporters.hpp"

#include <cmath>
#include <cstdio>

#include "aggregate/table.hpp"
#include "aggregate/text.hpp"

namespace tally::aggregate {

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
  return s;
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
                   const std::vector<const CompareRow*>& rows, bool with_mark) {
  out << (with_mark ? "| | " : "| ")
      << "name | metric | base | new | change | % |\n"
      << (with_mark ? "|:-:|" : "|") << ":--|:--|--:|--:|--:|--:|\n";
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
        << " |\n";
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

}  // namespace

void print_compare_console(std::ostream& out, const Comparison& c) {
  out << "base: " << describe(c.base_path, c.base_metadata, false) << "\n"
      << "new:  " << describe(c.new_path, c.new_metadata, false) << "\n\n";
  using A = Table::Align;
  Table table({{"name"},
               {"metric"},
               {"base", A::kRight},
               {"new", A::kRight},
               {"change", A::kRight},
               {"%", A::kRight},
               {""}});
  for (const CompareRow& r : c.rows) {
    table.add_row({r.name, r.metric, format_value(r.base), format_value(r.now),
                   signed_value(r.change), format_pct(r.change_pct),
                   r.mark == Change::kRegression    ? "REGRESSION"
                   : r.mark == Change::kImprovement ? "improvement"
                                                    : ""});
  }
  table.print(out);
  print_one_side_console(out, "only in base", c.only_base, "in new");
  print_one_side_console(out, "only in new", c.only_new, "in base");
  out << "\n" << summary_text(c) << "\n";
}

void print_compare_markdown(std::ostream& out, const Comparison& c) {
  const int regressions = c.count(Change::kRegression);
  out << "### tally compare: "
      << (regressions > 0 ? std::to_string(regressions) + " regression(s)"
                          : std::string("no regression"))
      << " beyond " << threshold_text(c.threshold_pct) << "\n\n"
      << "**Base** " << describe(c.base_path, c.base_metadata, true)
      << " → **New** " << describe(c.new_path, c.new_metadata, true) << "\n\n";
  std::vector<const CompareRow*> beyond, within;
  for (const CompareRow& r : c.rows) {
    (r.mark == Change::kWithin ? within : beyond).push_back(&r);
  }
  if (beyond.empty()) {
    out << "No change beyond " << threshold_text(c.threshold_pct) << ".\n";
  } else {
    print_md_rows(out, beyond, true);
  }
  if (!within.empty()) {
    out << "\n<details><summary>" << within.size() << " row(s) within "
        << threshold_text(c.threshold_pct) << "</summary>\n\n";
    print_md_rows(out, within, false);
    out << "\n</details>\n";
  }
  print_one_side_markdown(out, "Only in base", c.only_base, "in new");
  print_one_side_markdown(out, "Only in new", c.only_new, "in base");
  out << "\n**Summary:** " << summary_text(c) << "\n";
}

void print_compare_json(std::ostream& out, const Comparison& c) {
  json rows = json::array();
  for (const CompareRow& r : c.rows) {
    rows.push_back({{"name", r.name},
                    {"metric", r.metric},
                    {"base", r.base},
                    {"new", r.now},
                    {"change", r.change},
                    {"change_pct", json_number(r.change_pct)},
                    {"status", change_name(r.mark)}});
  }
  json doc = {
      {"base", {{"path", c.base_path}, {"metadata", c.base_metadata}}},
      {"new", {{"path", c.new_path}, {"metadata", c.new_metadata}}},
      {"threshold_pct", c.threshold_pct},
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

}  // namespace tally::aggregate

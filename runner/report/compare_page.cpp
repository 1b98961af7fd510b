#include "report/compare_page.hpp"

#include <algorithm>
#include <cmath>

#include "compare/compare.hpp"
#include "core/text.hpp"
#include "explain/row_explanations.hpp"
#include "report/explain_sections.hpp"
#include "report/html_text.hpp"
#include "report/page_parts.hpp"
#include "report/page_shell.hpp"
#include "report/svg_charts.hpp"
#include "results/results_reader.hpp"

namespace tally::report {

namespace {

using compare::Change;
using compare::CompareRow;

// Bars beyond this are left out of the chart (the table keeps every row):
// a chart taller than a few screens is not read.
constexpr std::size_t kMaxBars = 300;
constexpr std::size_t kMaxExplained = 20;

int rank(Change c) {
  return c == Change::kRegression ? 0 : c == Change::kImprovement ? 1 : 2;
}

// Regressions first (largest growth first), then improvements (largest
// shrink first), then the rest by size of change.
std::vector<CompareRow> ordered(std::vector<CompareRow> rows) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const CompareRow& a, const CompareRow& b) {
                     if (rank(a.mark) != rank(b.mark))
                       return rank(a.mark) < rank(b.mark);
                     return std::fabs(a.change_pct) > std::fabs(b.change_pct);
                   });
  return rows;
}

// An infinite change (a base of 0) sorts beyond every finite one.
std::string sort_key(double pct) {
  if (std::isinf(pct)) return pct > 0 ? "1e308" : "-1e308";
  return std::to_string(pct);
}

const char* verdict(Change c) {
  return c == Change::kRegression    ? "regression"
         : c == Change::kImprovement ? "improvement"
                                     : "within";
}

std::string side(const std::string& path, const nlohmann::json& m) {
  return path +
         (meta_text(m, "git_commit").empty()
              ? ""
              : " @ " + meta_text(m, "git_commit").substr(0, 12)) +
         (meta_text(m, "counter").empty() ? ""
                                          : ", " + meta_text(m, "counter")) +
         (meta_text(m, "start_time").empty()
              ? ""
              : ", " + meta_text(m, "start_time"));
}

std::string summary(const compare::Comparison& c) {
  std::string geomean = "n/a (no row positive on both sides)";
  if (c.geomean_ratio)
    geomean = format_pct((*c.geomean_ratio - 1) * 100) + " over " +
              std::to_string(c.geomean_rows) + " rows";
  return definition_list(
      {{"base", side(c.base_path, c.base_metadata)},
       {"new", side(c.new_path, c.new_metadata)},
       {"threshold", "±" + format_pct_plain(c.threshold_pct)},
       {"regressions", std::to_string(c.count(Change::kRegression))},
       {"improvements", std::to_string(c.count(Change::kImprovement))},
       {"within", std::to_string(c.count(Change::kWithin))},
       {"geometric mean", geomean}});
}

std::string rows_table(const std::vector<CompareRow>& rows,
                       const ExplainSections& ex) {
  // Wall and perf rows carry a test's p; callgrind's are exact and have none.
  const bool tested = std::any_of(rows.begin(), rows.end(), [](const auto& r) {
    return r.p_value.has_value();
  });
  std::string body;
  for (const CompareRow& r : rows) {
    const auto it = ex.anchors.find({r.name, r.metric});
    std::string why =
        it == ex.anchors.end()
            ? ""
            : "<a href=\"#" + escape_html(it->second) + "\">explain</a>";
    if (!r.note.empty()) why += (why.empty() ? "" : " ") + escape_html(r.note);
    body += "<tr class=\"" + std::string(verdict(r.mark)) + "\"><td>" +
            escape_html(r.name) + "</td><td>" + escape_html(r.metric) +
            "</td>" + number_cell(r.base) + number_cell(r.now) +
            number_cell(r.change) + "<td class=\"num\" data-v=\"" +
            sort_key(r.change_pct) + "\">" + format_pct(r.change_pct) +
            "</td>" +
            (tested ? "<td>" + escape_html(compare::p_value_cell(r)) + "</td>"
                    : "") +
            "<td>" + verdict(r.mark) + "</td><td>" + why + "</td></tr>\n";
  }
  std::vector<const char*> headings = {"name", "metric", "base",
                                       "new",  "change", "change %"};
  if (tested) headings.push_back("p [interval]");
  headings.push_back("verdict");
  std::string head;
  int col = 0;
  for (const char* h : headings)
    head += "<th data-sort=\"" + std::to_string(col++) + "\">" + h + "</th>";
  return filter_box("compare-table", rows.size()) +
         "<table class=\"cells\" id=\"compare-table\"><thead><tr>" + head +
         "<th>why</th></tr></thead><tbody>\n" + body + "</tbody></table>";
}

std::string one_side(const std::string& title,
                     const std::vector<compare::OneSideRow>& rows) {
  if (rows.empty()) return "";
  std::string body;
  for (const auto& r : rows)
    body += "<tr><td>" + escape_html(r.name) + "</td><td>" +
            escape_html(r.metric) + "</td>" + number_cell(r.value) + "<td>" +
            escape_html(r.other.empty() ? "absent" : r.other) + "</td></tr>\n";
  return "<h2>" + escape_html(title) +
         "</h2><table class=\"one-side\"><thead>"
         "<tr><th>name</th><th>metric</th><th>value</th><th>in the other run"
         "</th></tr></thead><tbody>" +
         body + "</tbody></table>";
}

std::string chart(const std::vector<CompareRow>& rows, double threshold,
                  const ExplainSections& ex) {
  if (rows.empty())
    return notice(
        "The two runs have no cell and metric in common: nothing "
        "to compare. The rows each run has alone are below.");
  std::vector<ChangeBar> bars;
  for (const CompareRow& r : rows) {
    if (bars.size() == kMaxBars) break;
    const auto it = ex.anchors.find({r.name, r.metric});
    bars.push_back({r.name + " · " + r.metric, r.change_pct,
                    r.mark == Change::kRegression    ? BarKind::kRegression
                    : r.mark == Change::kImprovement ? BarKind::kImprovement
                                                     : BarKind::kWithin,
                    it == ex.anchors.end() ? "" : it->second});
  }
  std::string html = svg_change_bars(bars, threshold);
  if (rows.size() > kMaxBars)
    html += notice("The chart shows the first " + std::to_string(kMaxBars) +
                   " of " + std::to_string(rows.size()) +
                   " rows; the table has them all. Narrow the runs with "
                   "`tally run --filter` to chart the rest.");
  return html;
}

}  // namespace

std::string compare_page(const std::string& base_path,
                         const std::string& new_path, double threshold_pct) {
  const compare::Comparison c = compare::compare(
      read_results(base_path), read_results(new_path), threshold_pct);
  const std::vector<CompareRow> rows = ordered(c.rows);
  std::vector<std::pair<std::string, std::string>> changed;
  for (const CompareRow& r : rows)
    if (r.mark != Change::kWithin) changed.emplace_back(r.name, r.metric);
  const ExplainSections ex = explain_sections(
      explain::results_folder(base_path), explain::results_folder(new_path),
      changed, kMaxExplained);
  Page page;
  page.kind = "compare";
  page.title = "tally compare: " + base_path + " → " + new_path;
  page.body = summary(c) + "<h2>Change per cell and metric</h2>" +
              chart(rows, threshold_pct, ex) + rows_table(rows, ex) +
              one_side("Only in base", c.only_base) +
              one_side("Only in new", c.only_new);
  if (!ex.html.empty())
    page.body += "<h2>Where the changes went</h2>" + ex.html;
  return render_page(page);
}

}  // namespace tally::report

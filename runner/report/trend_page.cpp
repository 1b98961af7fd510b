#include "report/trend_page.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "report/html_text.hpp"
#include "report/page_parts.hpp"
#include "report/page_shell.hpp"
#include "report/svg_charts.hpp"
#include "report/trend_axis.hpp"

namespace tally::report {

namespace {

using history::PointKind;
using history::SeriesView;

// Charts beyond this are left out (the table keeps every series, with its
// sparkline): 400 charts of 1,000 runs are about 6 MB.
constexpr std::size_t kMaxCharts = 400;

TrendChart chart_of(const SeriesView& sv, const RunAxis& axis, double margin) {
  TrendChart c;
  c.margin = margin;
  c.first_x_label = axis.first_label;
  c.last_x_label = axis.last_label;
  std::vector<std::size_t> with_value;  // point index of each value
  for (std::size_t i = 0; i < sv.series.points.size(); ++i) {
    const history::Point& p = sv.series.points[i];
    c.points.push_back(
        {axis.x.at(p.run_id), p.value, sv.kinds[i] == PointKind::kOutlier});
    if (p.value) with_value.push_back(i);
  }
  if (with_value.empty()) return c;
  std::size_t first = with_value.front();
  for (const auto& s : sv.steps) {
    const std::size_t at = with_value[s.step.index];
    c.steps.push_back({at, s.step.change_pct});
    c.levels.push_back({first, at > first ? at - 1 : first, s.step.from});
    first = at;
  }
  // The last level: the last step's, else the whole series' median.
  double last_level = sv.steps.empty() ? 0 : sv.steps.back().step.to;
  if (sv.steps.empty()) {
    std::vector<double> v;
    for (std::size_t i : with_value) v.push_back(*sv.series.points[i].value);
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    last_level = v[v.size() / 2];
  }
  c.levels.push_back({first, with_value.back(), last_level});
  return c;
}

std::vector<double> values_of(const SeriesView& sv) {
  std::vector<double> v;
  for (const auto& p : sv.series.points)
    if (p.value) v.push_back(*p.value);
  return v;
}

std::string series_row(const SeriesView& sv, std::size_t i, bool charted) {
  const std::vector<double> v = values_of(sv);
  const std::string label = sv.series.name + " · " + sv.series.metric;
  const std::string name = charted ? "<a href=\"#chart-" + std::to_string(i) +
                                         "\">" + escape_html(sv.series.name) +
                                         "</a>"
                                   : escape_html(sv.series.name);
  std::string last_step;
  if (!sv.steps.empty())
    last_step = format_pct(sv.steps.back().step.change_pct) + " at run " +
                std::to_string(sv.steps.back().run_id);
  return "<tr" + std::string(sv.steps.empty() ? "" : " class=\"has-step\"") +
         "><td>" + name + "</td><td>" + escape_html(sv.series.metric) +
         "</td><td class=\"num\" data-v=\"" + std::to_string(v.size()) + "\">" +
         std::to_string(v.size()) + "</td>" +
         (v.empty() ? "<td></td>" : number_cell(v.back())) +
         "<td class=\"num\" data-v=\"" + std::to_string(sv.steps.size()) +
         "\">" + std::to_string(sv.steps.size()) + "</td><td>" +
         escape_html(last_step) + "</td><td>" +
         svg_sparkline(v, label + ": " + std::to_string(v.size()) + " values",
                       120, 22) +
         "</td></tr>\n";
}

// The first kStepsShown steps as a list, the rest folded away so that the
// tables and charts stay near the top of a page with many.
constexpr std::size_t kStepsShown = 20;

std::string steps_list(const std::vector<SeriesView>& series) {
  std::string items, folded;
  std::size_t n = 0;
  for (const SeriesView& sv : series)
    for (const auto& s : sv.steps)
      (n++ < kStepsShown ? items : folded) +=
          "<li>" + escape_html(sv.series.name + " · " + sv.series.metric) +
          ": " + format_pct(s.step.change_pct) + " at run " +
          std::to_string(s.run_id) + " (" + format_number(s.step.from) + " → " +
          format_number(s.step.to) + ")</li>";
  if (n == 0) return "<p>No steps: every series stayed within its margin.</p>";
  if (!folded.empty())
    folded = "<details><summary>" + std::to_string(n - kStepsShown) +
             " more steps</summary><ul>" + folded + "</ul></details>";
  return "<ul id=\"steps\">" + items + "</ul>" + folded;
}

std::string body(const history::HistoryView& view,
                 std::vector<SeriesView> series, const RunAxis& axis) {
  std::stable_sort(series.begin(), series.end(),
                   [](const SeriesView& a, const SeriesView& b) {
                     return !a.steps.empty() && b.steps.empty();
                   });
  const double margin = view.options.margin_pct / 100;
  std::string rows, charts;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const bool charted = i < kMaxCharts;
    rows += series_row(series[i], i, charted);
    if (charted)
      charts +=
          "<div class=\"chart-box\" id=\"chart-" + std::to_string(i) +
          "\"><h3>" +
          escape_html(series[i].series.name + " · " + series[i].series.metric) +
          "</h3>" + svg_trend_chart(chart_of(series[i], axis, margin)) +
          "</div>\n";
  }
  std::string html = "<h2>Steps</h2>" + steps_list(series) + "<h2>Series</h2>";
  std::string head;
  int col = 0;
  for (const char* h :
       {"name", "metric", "values", "latest", "steps", "last step"})
    head += "<th data-sort=\"" + std::to_string(col++) + "\">" + h + "</th>";
  html += filter_box("trend-table", series.size()) +
          "<table class=\"cells\" id=\"trend-table\"><thead><tr>" + head +
          "<th>trend</th></tr></thead><tbody>\n" + rows + "</tbody></table>";
  html += "<h2>Charts</h2>" + charts;
  if (series.size() > kMaxCharts)
    html +=
        notice("Charts are drawn for the first " + std::to_string(kMaxCharts) +
               " of " + std::to_string(series.size()) +
               " series (those with steps first); the table lists all. "
               "Narrow the page with --filter REGEX or --metric REGEX.");
  return html;
}

std::string header(const history::HistoryView& view) {
  std::string range;
  if (!view.runs.empty())
    range = view.runs.front().start_time.value_or(view.runs.front().added_at) +
            " … " +
            view.runs.back().start_time.value_or(view.runs.back().added_at);
  return definition_list(
      {{"history", view.db_path},
       {"runs", std::to_string(view.runs.size())},
       {"time span", range},
       {"filter", view.options.name_regex},
       {"metric filter", view.options.metric_regex},
       {"step rule", "leaves its level by more than " +
                         format_pct_plain(view.options.margin_pct) +
                         " for at least " +
                         std::to_string(view.options.min_runs) + " runs"}});
}

std::string plain_notice(const history::HistoryView& view) {
  if (view.runs.empty())
    return notice(
        "This history holds no runs yet. Add one with `tally "
        "history add RESULTS --db " +
        view.db_path + "` or `tally run --history " + view.db_path + "`.");
  if (view.series.empty())
    return notice("No cell and metric of the " +
                  std::to_string(view.runs.size()) +
                  " runs matches the filters.");
  if (view.runs.size() == 1)
    return notice(
        "This history holds one run: a trend needs at least two. "
        "Its values are below; the next run draws the lines.");
  return "";
}

}  // namespace

std::string trend_page(const std::string& db_path,
                       const history::ShowOptions& options) {
  const history::HistoryView view = history::load_history(db_path, options);
  const RunAxis axis = run_axis(view.runs);
  Page page;
  page.kind = "trend";
  page.title = "tally history: " + db_path;
  page.body = header(view) + plain_notice(view);
  if (!view.series.empty()) page.body += body(view, view.series, axis);
  nlohmann::json runs = nlohmann::json::array();
  for (const auto& [x, label] : axis.hover)
    runs.push_back({{"x", x}, {"label", label}});
  page.data = {{"plot_left", kTrendPlotLeft},
               {"plot_width", kTrendPlotWidth},
               {"runs", runs}};
  return render_page(page);
}

}  // namespace tally::report

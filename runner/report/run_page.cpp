#include "report/run_page.hpp"

#include <algorithm>
#include <map>

#include "report/html_text.hpp"
#include "report/page_parts.hpp"
#include "report/page_shell.hpp"
#include "report/svg_charts.hpp"

namespace tally::report {

namespace {

std::vector<std::string> metric_names(const RunResults& run) {
  std::vector<std::string> names;
  for (const CellResult& c : run.cells)
    for (const auto& [name, stats] : c.metrics)
      if (std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
  return names;
}

std::string metadata_list(const nlohmann::json& m) {
  std::string counter = meta_text(m, "counter");
  if (!meta_text(m, "counter_reason").empty())
    counter += " (" + meta_text(m, "counter_reason") + ")";
  std::string commit = meta_text(m, "git_commit");
  if (m.value("git_dirty", nlohmann::json()).is_boolean() && m["git_dirty"])
    commit += " (with uncommitted changes)";
  return definition_list({{"tally", meta_text(m, "tally_version")},
                          {"LibTorch", meta_text(m, "libtorch_version")},
                          {"counter", counter},
                          {"CPU", meta_text(m, "cpu")},
                          {"kernel", meta_text(m, "kernel")},
                          {"host", meta_text(m, "host")},
                          {"commit", commit},
                          {"config", meta_text(m, "config_path")},
                          {"config SHA-256", meta_text(m, "config_sha256")},
                          {"start", meta_text(m, "start_time")},
                          {"end", meta_text(m, "end_time")},
                          {"jobs", meta_text(m, "jobs")}});
}

std::string status_badges(const RunResults& run) {
  std::map<std::string, int> counts;
  for (const char* s : {"ok", "failed", "crashed", "timeout", "skipped"})
    counts[s] = 0;
  for (const CellResult& c : run.cells) ++counts[to_string(c.status)];
  std::string html = "<div class=\"badges\" id=\"status-counts\">";
  for (const auto& [status, n] : counts)
    html += "<span class=\"s-" + escape_html(status) + (n ? "" : " none") +
            "\" data-status=\"" + escape_html(status) + "\">" +
            escape_html(status) + ": " + std::to_string(n) + "</span>";
  return html + "</div>";
}

std::string metric_cells(const CellResult& c, const std::string& metric) {
  const auto it = c.metrics.find(metric);
  if (it == c.metrics.end())
    return "<td></td><td></td><td></td><td></td><td></td>";
  const MetricStats& s = it->second;
  std::vector<double> samples(s.samples.begin(), s.samples.end());
  const double spread =
      s.min > 0 ? 100.0 * (static_cast<double>(s.max) - s.min) / s.min : 0;
  std::string caption = metric + " samples, in order:";
  for (double v : samples) caption += " " + format_number(v);
  return number_cell(static_cast<double>(s.min)) +
         number_cell(static_cast<double>(s.median)) +
         number_cell(static_cast<double>(s.max)) +
         "<td class=\"num\" data-v=\"" + std::to_string(spread) + "\">" +
         format_pct_plain(spread) + "</td><td>" +
         svg_sparkline(samples, caption, 60) + "</td>";
}

std::string cell_row(const CellResult& c,
                     const std::vector<std::string>& metrics) {
  const std::string status = to_string(c.status);
  std::string row = "<tr><td>" + escape_html(c.name) + "</td><td>" +
                    escape_html(c.plugin) + "</td><td>" +
                    escape_html(c.backend) + "</td><td>" +
                    escape_html(c.device) + "</td><td>" +
                    (c.dynamic ? "yes" : "no") + "</td><td class=\"st-" +
                    escape_html(status) + "\">" + escape_html(status) + "</td>";
  for (const std::string& m : metrics) row += metric_cells(c, m);
  return row + "</tr>\n";
}

std::string cells_table(const RunResults& run) {
  const std::vector<std::string> metrics = metric_names(run);
  std::string head1, head2;
  int col = 0;
  for (const char* h :
       {"name", "plugin", "backend", "device", "dynamic", "status"})
    head1 += "<th rowspan=\"2\" data-sort=\"" + std::to_string(col++) + "\">" +
             h + "</th>";
  for (const std::string& m : metrics) {
    head1 += "<th colspan=\"5\">" + escape_html(m) + "</th>";
    for (const char* h : {"min", "median", "max", "spread"})
      head2 += "<th data-sort=\"" + std::to_string(col++) + "\">" + h + "</th>";
    head2 += "<th>samples</th>";
    ++col;
  }
  std::string rows;
  for (const CellResult& c : run.cells) rows += cell_row(c, metrics);
  return filter_box("cells-table", run.cells.size()) +
         "<table class=\"cells\" id=\"cells-table\"><thead><tr>" + head1 +
         "</tr><tr>" + head2 + "</tr></thead><tbody>\n" + rows +
         "</tbody></table>";
}

std::string problems(const RunResults& run) {
  std::string rows;
  for (const CellResult& c : run.cells) {
    if (c.status == CellStatus::kOk) continue;
    std::string tail;
    if (!c.output_tail.empty())
      tail = "<details><summary>output</summary><pre>" +
             escape_html(c.output_tail) + "</pre></details>";
    rows += "<tr><td>" + escape_html(c.name) + "</td><td class=\"st-" +
            escape_html(to_string(c.status)) + "\">" +
            escape_html(to_string(c.status)) + "</td><td>" +
            escape_html(c.reason) + tail + "</td></tr>\n";
  }
  if (rows.empty()) return "";
  return "<h2>Cells without a measurement</h2><table class=\"problems\">"
         "<thead><tr><th>name</th><th>status</th><th>reason</th></tr></thead>"
         "<tbody>" +
         rows + "</tbody></table>";
}

std::string empty_notice(const RunResults& run) {
  int ok = 0;
  for (const CellResult& c : run.cells) ok += c.status == CellStatus::kOk;
  if (run.cells.empty())
    return notice(
        "This run has no cells: nothing was planned or the run "
        "was stopped before its first cell.");
  if (ok == 0)
    return notice("No cell of this run produced a measurement: all " +
                  std::to_string(run.cells.size()) +
                  " were skipped or failed. Their reasons are listed below.");
  return "";
}

}  // namespace

std::string run_page(const RunResults& run) {
  Page page;
  page.kind = "run";
  page.title = "tally run: " + run.path;
  page.body = metadata_list(run.metadata) + status_badges(run) +
              empty_notice(run) + "<h2>Cells</h2>" + cells_table(run) +
              problems(run);
  return render_page(page);
}

}  // namespace tally::report

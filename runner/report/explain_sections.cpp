#include "report/explain_sections.hpp"

#include <sstream>

#include "core/error.hpp"
#include "explain/explain.hpp"
#include "explain/explain_inputs.hpp"
#include "explain/explain_names.hpp"
#include "explain/flamegraph.hpp"
#include "profile/callgrind_reader.hpp"
#include "report/html_text.hpp"
#include "report/page_parts.hpp"

namespace tally::report {

namespace {

std::string entries_table(const explain::CellExplanation& e,
                          bool by_component) {
  std::string rows;
  for (const explain::ExplainEntry& x : e.entries) {
    const std::string what = by_component ? x.component : x.function;
    const double share =
        e.delta() != 0 ? 100.0 * x.delta_self() / e.delta() : 0;
    rows += "<tr><td>" + escape_html(what) + "</td><td>" +
            escape_html(x.object) + "</td>" + number_cell(x.base_self) +
            number_cell(x.new_self) + number_cell(x.delta_self()) +
            "<td class=\"num\">" + format_pct_plain(share) + "</td></tr>";
  }
  if (e.more > 0)
    rows += "<tr><td colspan=\"4\">" + std::to_string(e.more) + " more</td>" +
            number_cell(e.more_delta_self) + "<td></td></tr>";
  return std::string("<table class=\"explain\"><thead><tr><th>") +
         (by_component ? "component" : "function") +
         "</th><th>object</th><th>base self</th><th>new self</th>"
         "<th>change</th><th>share</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

std::string flamegraph(const explain::ProfilePair& pair) {
  explain::FlamegraphOptions options;
  options.match_key = [](const profile::FunctionKey& key) {
    return explain::object_basename(key.object) + "\n" +
           explain::normalise_function_name(key.name);
  };
  std::ostringstream svg;
  explain::write_diff_flamegraph(profile::read_callgrind(pair.base_profile),
                                 profile::read_callgrind(pair.new_profile),
                                 pair.cell + " " + pair.metric, svg, options);
  // Inline SVG in HTML takes no XML declaration.
  std::string text = svg.str();
  if (text.rfind("<?xml", 0) == 0) text.erase(0, text.find('\n') + 1);
  return "<div class=\"flame\">" + text + "</div>";
}

std::string section(const explain::ProfilePair& pair, const std::string& id) {
  std::string html = "<section id=\"" + escape_html(id) + "\"><h3>" +
                     escape_html(pair.cell + " · " + pair.metric) + "</h3>";
  try {
    explain::ExplainOptions options;
    options.top = 10;
    html += entries_table(explain::explain_profile_files(pair, options), false);
    options.by = explain::ExplainBy::kComponent;
    html += entries_table(explain::explain_profile_files(pair, options), true);
    html += "<h4>Differential flamegraph (red grew, blue shrank)</h4>" +
            flamegraph(pair);
  } catch (const Error& e) {
    html += notice(std::string("cannot explain this row: ") + e.what());
  }
  return html + "</section>";
}

}  // namespace

ExplainSections explain_sections(
    const std::string& base_dir, const std::string& new_dir,
    const std::vector<std::pair<std::string, std::string>>& changed,
    std::size_t limit) {
  ExplainSections out;
  if (changed.empty()) return out;
  std::vector<explain::ProfilePair> pairs;
  try {
    pairs = explain::profile_pairs(explain::read_profiled_run(base_dir),
                                   explain::read_profiled_run(new_dir), "", "");
  } catch (const Error& e) {
    out.html = notice(std::string("No explanations: ") + e.what());
    return out;
  }
  std::size_t drawn = 0, left = 0;
  for (const auto& row : changed) {
    for (const explain::ProfilePair& p : pairs) {
      if (p.cell != row.first || p.metric != row.second) continue;
      if (drawn == limit) {
        ++left;
        break;
      }
      const std::string id = "explain-" + std::to_string(drawn++);
      out.anchors[row] = id;
      out.html += section(p, id);
    }
  }
  if (left > 0)
    out.html += notice(std::to_string(left) +
                       " more changed rows have profiles; `tally explain BASE "
                       "NEW --filter CELL` explains them.");
  return out;
}

}  // namespace tally::report

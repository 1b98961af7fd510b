#include "report/page_parts.hpp"

#include <cmath>
#include <cstdio>

#include "report/html_text.hpp"

namespace tally::report {

std::string notice(const std::string& text) {
  return "<p class=\"notice\" role=\"status\">" + escape_html(text) + "</p>";
}

std::string definition_list(
    const std::vector<std::pair<std::string, std::string>>& items) {
  std::string html = "<dl class=\"meta\">";
  for (const auto& [term, value] : items)
    if (!value.empty())
      html += "<dt>" + escape_html(term) + "</dt><dd>" + escape_html(value) +
              "</dd>";
  return html + "</dl>";
}

std::string meta_text(const nlohmann::json& metadata, const std::string& key) {
  if (!metadata.is_object() || !metadata.contains(key)) return "";
  const nlohmann::json& v = metadata[key];
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string number_cell(double value) {
  char v[40];
  std::snprintf(v, sizeof v, "%.17g", value);
  return "<td class=\"num\" data-v=\"" + std::string(v) + "\">" +
         format_number(value) + "</td>";
}

std::string format_pct_plain(double pct) {
  if (std::isinf(pct)) return "inf%";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f%%", pct);
  return text;
}

std::string filter_box(const std::string& table_id, std::size_t rows) {
  return "<div class=\"filter\"><input type=\"search\" placeholder=\"filter "
         "rows\" aria-label=\"filter rows\" data-table=\"" +
         escape_html(table_id) + "\"> <span class=\"count\">" +
         std::to_string(rows) + " rows</span></div>";
}

}  // namespace tally::report

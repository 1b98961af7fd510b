// The frame every report page shares: one self-contained HTML document
// (styles and the one script inline, no network), with a Content Security
// Policy that lets only that script run, by its hash, so nothing from the
// data can execute even if an escape were missed.
#ifndef TALLY_REPORT_PAGE_SHELL_HPP
#define TALLY_REPORT_PAGE_SHELL_HPP

#include <nlohmann/json.hpp>
#include <string>

namespace tally::report {

struct Page {
  std::string kind;   // "run", "compare" or "trend": <body data-page>
  std::string title;  // plain text; escaped here
  std::string body;   // HTML, every piece of data in it already escaped
  /// Data the script reads (the trend page's runs for its hover);
  /// embedded with json_for_script. Null: none.
  nlohmann::json data;
};

/// The whole document. Its script sorts and filters tables, maps the mouse
/// over a trend chart to a run, and after rendering writes what it measured
/// into #tally-status (charts drawn, charts of zero size, table rows, first
/// paint), which the browser tests and tools/measure-report-scale read.
std::string render_page(const Page& page);

}  // namespace tally::report

#endif  // TALLY_REPORT_PAGE_SHELL_HPP

// Text that goes into a report page: HTML-escaped strings and JSON that is
// safe inside a <script> element. Every string that comes from a config,
// plugin, results file or history passes through one of these, so a name
// like `<script>alert(1)</script>` shows as text and never runs.
#ifndef TALLY_REPORT_HTML_TEXT_HPP
#define TALLY_REPORT_HTML_TEXT_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tally::report {

/// `text` with & < > " ' as entities: safe in element content and in
/// quoted attribute values alike.
std::string escape_html(std::string_view text);

/// `value` as JSON for a <script type="application/json"> element: <, >
/// and & as \u escapes so `</script>` or `<!--` cannot end or change the
/// element, and U+2028/U+2029 escaped for older JavaScript parsers. Invalid
/// UTF-8 is replaced, not refused, since output tails may hold any bytes.
std::string json_for_script(const nlohmann::json& value);

/// A number as the tables show it: integers, and anything of 1,000 or
/// more rounded to one, grouped ("1,234,567"); smaller values with up to 4
/// significant digits.
std::string format_number(double value);

}  // namespace tally::report

#endif  // TALLY_REPORT_HTML_TEXT_HPP

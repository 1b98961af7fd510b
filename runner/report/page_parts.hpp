// Small HTML pieces the pages share: notices, definition lists, number
// cells that sort by value, and the filter box over a table. Every argument
// is plain text and escaped here.
#ifndef TALLY_REPORT_PAGE_PARTS_HPP
#define TALLY_REPORT_PAGE_PARTS_HPP

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace tally::report {

/// A boxed sentence that says plainly why a page has less than expected.
std::string notice(const std::string& text);

/// Term/value pairs; pairs with an empty value are left out.
std::string definition_list(
    const std::vector<std::pair<std::string, std::string>>& items);

/// metadata[key] as text: strings as they are, numbers and booleans
/// written, null or absent as "".
std::string meta_text(const nlohmann::json& metadata, const std::string& key);

/// <td class="num" data-v=VALUE>1,234</td>.
std::string number_cell(double value);

/// "12.34%" (no sign), or "inf%".
std::string format_pct_plain(double pct);

/// A text box that hides the rows of table `table_id` not containing it.
std::string filter_box(const std::string& table_id, std::size_t rows);

}  // namespace tally::report

#endif  // TALLY_REPORT_PAGE_PARTS_HPP

// Small text helpers shared by the readers and reporters: reading a
// file as numbered lines, splitting CSV fields, strict number parsing and the
// number formats every report uses.
#ifndef TALLY_CORE_TEXT_HPP
#define TALLY_CORE_TEXT_HPP

#include <optional>
#include <string>
#include <vector>

namespace tally {

/// The whole file; throws tally::Error(kIoError) naming it when unreadable.
std::string read_file(const std::string& path);

/// Writes `text` to `path`; throws tally::Error(kIoError) on failure.
void write_file(const std::string& path, const std::string& text);

/// Splits `text` into lines that keep their line endings, so a rewrite can
/// reproduce untouched lines byte for byte.
std::vector<std::string> split_lines_keep_endings(const std::string& text);

/// `line` without its "\n" or "\r\n".
std::string strip_ending(const std::string& line);

std::string trim(const std::string& s);

/// Splits on every comma; fields are not trimmed and quoting is not
/// supported (result names and metrics never contain commas).
std::vector<std::string> split_fields(const std::string& line);

/// A finite number written in full (surrounding blanks allowed), else
/// nullopt: "12", "1.5e9" and " 0.1" parse; "12x", "", "nan" do not.
std::optional<double> parse_number(const std::string& text);

/// `items` with `separator` between each two.
std::string join(const std::vector<std::string>& items,
                 const std::string& separator);

/// The items as a choice in a message: "a", "a or b", "a, b or c".
std::string one_of(const std::vector<std::string>& items);

/// An integer written in digits (an optional leading '-'), with commas
/// between groups of three: "-1234567" -> "-1,234,567".
std::string group_thousands(const std::string& integer);

/// A value as results write it: integers without a fraction or exponent
/// ("3378000000"), anything else with up to 6 significant digits.
std::string format_value(double v);

/// The same with thousands separators, for the markdown report.
std::string format_value_grouped(double v);

/// `v` rounded to `digits` significant digits, written like format_value.
std::string round_significant(double v, int digits);

/// A signed percentage with two decimals, e.g. "+7.00%", "-18.00%".
std::string format_pct(double pct);

}  // namespace tally

#endif  // TALLY_CORE_TEXT_HPP

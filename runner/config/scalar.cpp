#include "config/scalar.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>
#include <system_error>

namespace tally::config_detail {
namespace {

bool all_of(std::string_view s, const char* set) {
  return !s.empty() && s.find_first_not_of(set) == std::string_view::npos;
}

bool is_float_syntax(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  const std::size_t exp = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, exp);
  if (exp != std::string_view::npos) {
    std::string_view e = s.substr(exp + 1);
    if (!e.empty() && (e[0] == '+' || e[0] == '-')) e.remove_prefix(1);
    if (!all_of(e, "0123456789")) return false;
  }
  const std::size_t dot = mantissa.find('.');
  if (dot == std::string_view::npos) return all_of(mantissa, "0123456789");
  const std::string_view whole = mantissa.substr(0, dot);
  const std::string_view frac = mantissa.substr(dot + 1);
  if (whole.empty() && frac.empty()) return false;
  return (whole.empty() || all_of(whole, "0123456789")) &&
         (frac.empty() || all_of(frac, "0123456789"));
}

// The base of integer syntax in `digits` (sign removed), with its 0x or 0o
// prefix removed; 0 when it is not an integer.
int integer_base(std::string_view& digits) {
  if (all_of(digits, "0123456789")) return 10;
  if (digits.size() > 2 && digits.substr(0, 2) == "0x" &&
      all_of(digits.substr(2), "0123456789abcdefABCDEF")) {
    digits.remove_prefix(2);
    return 16;
  }
  if (digits.size() > 2 && digits.substr(0, 2) == "0o" &&
      all_of(digits.substr(2), "01234567")) {
    digits.remove_prefix(2);
    return 8;
  }
  return 0;
}

void read_integer(std::string_view digits, int base, bool negative,
                  Scalar& out) {
  out.type = Scalar::Type::kInt;
  std::uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(),
                                   magnitude, base);
  const std::uint64_t limit =
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) +
      (negative ? 1 : 0);
  if (ec != std::errc() || end != digits.data() + digits.size() ||
      magnitude > limit) {
    out.int_overflow = true;
  } else {
    out.integer = negative ? static_cast<std::int64_t>(0 - magnitude)
                           : static_cast<std::int64_t>(magnitude);
  }
}

// A float in decimal syntax; false when `text` is not one.
bool read_float(const std::string& text, Scalar& out) {
  if (!is_float_syntax(text)) return false;
  std::string_view s = text;
  if (s[0] == '+') s.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (end != s.data() + s.size() ||
      (ec != std::errc() && ec != std::errc::result_out_of_range))
    return false;
  out.type = Scalar::Type::kFloat;
  out.number = ec == std::errc() ? value : (s[0] == '-' ? -HUGE_VAL : HUGE_VAL);
  return true;
}

}  // namespace

Scalar resolve_plain(const std::string& text) {
  Scalar out;
  out.text = text;
  if (text == "true" || text == "True" || text == "TRUE" || text == "false" ||
      text == "False" || text == "FALSE") {
    out.type = Scalar::Type::kBool;
    out.boolean = text[0] == 't' || text[0] == 'T';
    return out;
  }
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (const int base = integer_base(digits)) {
    read_integer(digits, base, negative, out);
    return out;
  }
  if (digits == ".inf" || digits == ".Inf" || digits == ".INF") {
    out.type = Scalar::Type::kFloat;
    out.number = negative ? -HUGE_VAL : HUGE_VAL;
    return out;
  }
  if (text == ".nan" || text == ".NaN" || text == ".NAN") {
    out.type = Scalar::Type::kFloat;
    out.number = std::nan("");
    return out;
  }
  if (!read_float(text, out)) out.type = Scalar::Type::kString;
  return out;
}

}  // namespace tally::config_detail

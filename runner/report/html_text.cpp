#include "report/html_text.hpp"

#include <cmath>
#include <cstdio>

#include "core/text.hpp"

namespace tally::report {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string json_for_script(const nlohmann::json& value) {
  const std::string raw =
      value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < raw.size() && raw[i + 1] == '\x80' &&
               (raw[i + 2] == '\xA8' || raw[i + 2] == '\xA9')) {
      // U+2028 / U+2029, which only occur inside JSON strings.
      out += raw[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_number(double value) {
  if (!std::isfinite(value)) return value > 0 ? "inf" : "-inf";
  // Counts and nanoseconds read best whole; a median of an even count or
  // a step's level may carry a fraction that says nothing at that size.
  if (std::fabs(value) >= 1000 && std::fabs(value) < 1e15)
    value = std::round(value);
  if (std::fabs(value) < 1e15 && value == std::floor(value)) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%.0f", std::fabs(value));
    return (value < 0 ? "-" : "") + group_thousands(digits);
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

}  // namespace tally::report

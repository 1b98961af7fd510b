#include "core/name_rules.hpp"

#include <cstdio>
#include <utility>

namespace tally {
namespace {

bool allowed(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

// Words for the printable ASCII characters the rule refuses.
const char* punctuation_name(char c) {
  static const std::pair<char, const char*> kNames[] = {
      {' ', "space"},
      {'!', "exclamation mark"},
      {'"', "double quote"},
      {'#', "hash"},
      {'$', "dollar sign"},
      {'%', "percent sign"},
      {'&', "ampersand"},
      {'\'', "single quote"},
      {'(', "parenthesis"},
      {')', "parenthesis"},
      {'*', "asterisk"},
      {'+', "plus sign"},
      {',', "comma"},
      {'/', "slash"},
      {':', "colon"},
      {';', "semicolon"},
      {'<', "less-than sign"},
      {'=', "equals sign"},
      {'>', "greater-than sign"},
      {'?', "question mark"},
      {'@', "at sign"},
      {'[', "bracket"},
      {'\\', "backslash"},
      {']', "bracket"},
      {'^', "caret"},
      {'`', "backtick"},
      {'{', "brace"},
      {'|', "vertical bar"},
      {'}', "brace"},
      {'~', "tilde"}};
  for (const auto& [key, name] : kNames)
    if (key == c) return name;
  return "character";
}

std::string hex_byte(unsigned char c, const char* prefix) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%s%02x", prefix, c);
  return buffer;
}

std::string control_name(unsigned char c) {
  const char* what = c == '\t'   ? "tab"
                     : c == '\n' ? "newline"
                     : c == '\r' ? "carriage return"
                                 : "a control character";
  return hex_byte(c, "\\x") + " (" + what + ")";
}

// The code point of the UTF-8 sequence at `s`, or nullopt when malformed.
// Shown as U+XXXX: a look-alike, invisible or combining character would not
// show which one is meant.
std::optional<unsigned> code_point(std::string_view s) {
  const auto c = static_cast<unsigned char>(s[0]);
  const std::size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
  if (length == 0 || c > 0xf4 || s.size() < length) return std::nullopt;
  unsigned value = c & (0x7f >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(s[k]);
    if ((next & 0xc0) != 0x80) return std::nullopt;
    value = (value << 6) | (next & 0x3f);
  }
  return value;
}

std::string describe_char(std::string_view rest) {
  const auto c = static_cast<unsigned char>(rest[0]);
  if (c < 0x20 || c == 0x7f) return control_name(c);
  if (c < 0x80) {
    const std::string shown =
        c == '\'' ? "\"'\"" : "'" + std::string(1, c) + "'";
    return shown + " (" + punctuation_name(static_cast<char>(c)) + ")";
  }
  if (const auto point = code_point(rest)) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", *point);
    return std::string(buffer) + " (not ASCII)";
  }
  return "byte " + hex_byte(c, "0x") + " (not ASCII)";
}

// "WHAT 'NAME' CONTEXT contains ...", or nullopt. Allocates nothing for a
// good name: workers load plugins, and their heap layout moves counts.
std::optional<std::string> check(const char* what, const std::string& name,
                                 const char* context = "",
                                 const std::string& owner = "") {
  auto problem = name_problem(name);
  if (!problem) return std::nullopt;
  return std::string(what) + " " + quote_name(name) + context +
         (owner.empty() ? "" : " " + quote_name(owner)) + " " + *problem;
}

std::optional<std::string> benchmark_problem(const BenchmarkInfo& b,
                                             const std::string& plugin) {
  if (auto why = check("benchmark name", b.name, " of plugin", plugin))
    return why;
  const char* of = " of benchmark";
  if (!b.result_name.empty())
    if (auto why = check("result name", b.result_name, of, b.name)) return why;
  for (const auto& backend : b.backends)
    if (auto why = check("backend", backend, of, b.name)) return why;
  for (const auto& region : b.regions)
    if (auto why = check("region", region, of, b.name)) return why;
  for (const auto& [backend, regions] : b.backend_regions) {
    if (auto why = check("backend", backend, of, b.name)) return why;
    for (const auto& region : regions)
      if (auto why = check("region", region, of, b.name)) return why;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> name_problem(std::string_view name) {
  if (name.empty()) return std::string("is empty; ") + kNameRule;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!allowed(static_cast<unsigned char>(name[i])))
      return "contains " + describe_char(name.substr(i)) + "; " + kNameRule;
  return std::nullopt;
}

std::string quote_name(std::string_view name) {
  constexpr std::size_t kMax = 60;  // a message stays one readable line
  std::string out = "'";
  for (std::size_t i = 0; i < name.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    out += c < 0x20 || c == 0x7f ? hex_byte(c, "\\x") : std::string(1, c);
  }
  return out + (name.size() > kMax ? "...'" : "'");
}

std::optional<std::string> plugin_name_problem(const Plugin& plugin) {
  if (auto why = check("plugin name", plugin.name)) return why;
  for (const auto& b : plugin.benchmarks)
    if (auto why = benchmark_problem(b, plugin.name)) return why;
  return std::nullopt;
}

}  // namespace tally

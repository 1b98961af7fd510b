#include "core/name_rules.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

namespace tally {
namespace {

// The reason `name` is refused, or "" when it is accepted.
std::string reason(const std::string& name) {
  return name_problem(name).value_or("");
}

TEST(NameRules, AcceptsLettersDigitsUnderscoreDashAndDot) {
  for (const char* name :
       {"basic_InlineMod", "add_loop", "runtime_overhead_requires_grad", "t1",
        "v1.2", "a-b", "_", "ABCxyz0189"})
    EXPECT_EQ(reason(name), "") << name;
}

TEST(NameRules, EveryOtherPrintableAsciiCharacterIsRefusedByName) {
  EXPECT_EQ(reason("add,loop"),
            "contains ',' (comma); names may use only ASCII letters, digits, "
            "'_', '-' and '.'");
  EXPECT_EQ(reason("a'b").rfind("contains \"'\" (single quote)", 0), 0u);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a\"b", "'\"' (double quote)"}, {"a`b", "'`' (backtick)"},
      {"a b", "' ' (space)"},          {"a|b", "'|' (vertical bar)"},
      {"a<b", "'<' (less-than sign)"}, {"a>b", "'>' (greater-than sign)"},
      {"a&b", "'&' (ampersand)"},      {"a*b", "'*' (asterisk)"},
      {"a/b", "'/' (slash)"},          {"a~b", "'~' (tilde)"}};
  for (const auto& [name, what] : cases)
    EXPECT_EQ(reason(name).rfind("contains " + what + "; ", 0), 0u)
        << name << ": " << reason(name);
  for (int c = 0x20; c < 0x7f; ++c) {
    const std::string name = "a" + std::string(1, static_cast<char>(c));
    const bool ok = std::isalnum(c) || c == '_' || c == '-' || c == '.';
    EXPECT_EQ(reason(name).empty(), ok) << name;
    EXPECT_EQ(reason(name).find("(character)"), std::string::npos) << name;
  }
}

TEST(NameRules, ControlNonAsciiAndEmptyNamesAreRefused) {
  EXPECT_EQ(reason("a\tb").rfind("contains \\x09 (tab);", 0), 0u);
  EXPECT_EQ(reason("a\nb").rfind("contains \\x0a (newline);", 0), 0u);
  EXPECT_EQ(reason("a\x7f").rfind("contains \\x7f (a control character);", 0),
            0u);
  EXPECT_EQ(reason("caf\xc3\xa9").rfind("contains U+00E9 (not ASCII);", 0), 0u);
  EXPECT_EQ(reason("a\xe2\x80\x8b").rfind("contains U+200B (not ASCII);", 0),
            0u);
  EXPECT_EQ(reason("a\xff").rfind("contains byte 0xff (not ASCII);", 0), 0u);
  EXPECT_EQ(reason(""), "is empty; " + std::string(kNameRule));
}

TEST(NameRules, QuoteNameEscapesControlBytesAndShortensLongNames) {
  EXPECT_EQ(quote_name("a\nb"), "'a\\x0ab'");
  EXPECT_EQ(quote_name(std::string(70, 'x')),
            "'" + std::string(60, 'x') + "...'");
}

Plugin good_plugin() {
  Plugin plugin;
  plugin.name = "good";
  BenchmarkInfo info;
  info.name = "good_loop";
  info.backends = {"eager", "trace"};
  info.regions = {"compile_time"};
  info.backend_regions = {{"eager", {}}};
  plugin.benchmarks.push_back(info);
  return plugin;
}

TEST(NameRules, PluginNamesBenchmarksBackendsAndRegionsAreChecked) {
  EXPECT_FALSE(plugin_name_problem(good_plugin()));
  Plugin p = good_plugin();
  p.name = "my plugin";
  EXPECT_EQ(plugin_name_problem(p).value_or("").rfind(
                "plugin name 'my plugin' contains ' ' (space); ", 0),
            0u);
  p = good_plugin();
  p.benchmarks[0].name = "add,loop";
  EXPECT_EQ(plugin_name_problem(p).value_or("").rfind(
                "benchmark name 'add,loop' of plugin 'good' contains ','", 0),
            0u);
  p = good_plugin();
  p.benchmarks[0].backends.push_back("a|b");
  EXPECT_EQ(plugin_name_problem(p).value_or("").rfind(
                "backend 'a|b' of benchmark 'good_loop' contains '|'", 0),
            0u);
  p = good_plugin();
  p.benchmarks[0].backend_regions["trace"] = {"<b>"};
  EXPECT_EQ(plugin_name_problem(p).value_or("").rfind(
                "region '<b>' of benchmark 'good_loop' contains '<'", 0),
            0u);
}

}  // namespace
}  // namespace tally

// Labels and backends become part of result names, which go into CSV,
// markdown and HTML unquoted: the loader refuses what would break them.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "config/config.hpp"

namespace tally {
namespace {

std::string names_error_of(const std::string& text) {
  try {
    parse_config(text, "x.yaml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(ConfigNames, LabelWithACommaIsRefusedAtItsLine) {
  EXPECT_EQ(names_error_of("benchmarks:\n  - name: a\n    label: 'a,b'\n"),
            "x.yaml:3:12: label 'a,b' contains ',' (comma); names may use "
            "only ASCII letters, digits, '_', '-' and '.'");
}

TEST(ConfigNames, LabelsWithQuotesSpacesAndMarkupAreRefused) {
  const std::pair<const char*, const char*> cases[] = {
      {"'a\"b'", "'\"' (double quote)"},    {"\"a'b\"", "\"'\" (single quote)"},
      {"'a`b'", "'`' (backtick)"},          {"'a b'", "' ' (space)"},
      {"\"a\\tb\"", "\\x09 (tab)"},         {"'a|b'", "'|' (vertical bar)"},
      {"'<b>'", "'<' (less-than sign)"},    {"'a&b'", "'&' (ampersand)"},
      {"caf\xc3\xa9", "U+00E9 (not ASCII)"}};
  for (const auto& [label, what] : cases) {
    const std::string message = names_error_of(
        std::string("benchmarks:\n  - name: a\n    label: ") + label + "\n");
    EXPECT_EQ(message.rfind("x.yaml:3:12: label ", 0), 0u) << message;
    EXPECT_NE(message.find(std::string(" contains ") + what + "; "),
              std::string::npos)
        << message;
  }
}

TEST(ConfigNames, BackendsAtTheTopAndInEntriesAreChecked) {
  EXPECT_EQ(
      names_error_of(
          "matrix: {backend: [eager, 'tr ace']}\nbenchmarks: [{name: a}]\n")
          .rfind("x.yaml:1:27: backend 'tr ace' contains ' ' (space);", 0),
      0u);
  EXPECT_EQ(
      names_error_of("benchmarks:\n  - name: a\n    matrix: {backend: 'a,b'}\n")
          .rfind("x.yaml:3:23: backend 'a,b' contains ','", 0),
      0u);
}

TEST(ConfigNames, GoodLabelsAndGlobPatternsPass) {
  const Config c = parse_config(
      "benchmarks:\n  - name: 'add_*'\n    label: n1.5-x_Y\n", "x.yaml");
  EXPECT_EQ(c.benchmarks[0].label, "n1.5-x_Y");
  EXPECT_EQ(c.benchmarks[0].pattern, "add_*");
}

TEST(ConfigNames, ShippedConfigsFollowTheRule) {
  int loaded = 0;
  for (const auto& file : std::filesystem::directory_iterator(
           std::string(TALLY_SOURCE_DIR) + "/configs")) {
    if (file.path().extension() != ".yaml") continue;
    SCOPED_TRACE(file.path().string());
    EXPECT_NO_THROW(load_config(file.path().string()));
    ++loaded;
  }
  EXPECT_GE(loaded, 4);
}

}  // namespace
}  // namespace tally

#include <gtest/gtest.h>

#include "core/text.hpp"

namespace tally {
namespace {

TEST(CoreText, RoundsToFourSignificantDigits) {
  EXPECT_EQ(round_significant(3378123456, 4), "3378000000");
  EXPECT_EQ(round_significant(3378567890, 4), "3379000000");
  EXPECT_EQ(round_significant(107, 4), "107");
  EXPECT_EQ(round_significant(12.3456, 4), "12.35");
  EXPECT_EQ(round_significant(0.5, 4), "0.5");
  EXPECT_EQ(round_significant(0, 4), "0");
}

TEST(CoreText, ParsesOnlyWholeFiniteNumbers) {
  EXPECT_EQ(parse_number(" 0.1"), 0.1);
  EXPECT_EQ(parse_number("3378000000"), 3378000000.0);
  EXPECT_EQ(parse_number("1.5e9"), 1.5e9);
  EXPECT_FALSE(parse_number("12x"));
  EXPECT_FALSE(parse_number(""));
  EXPECT_FALSE(parse_number("nan"));
  EXPECT_FALSE(parse_number("inf"));
}

TEST(CoreText, FormatsValuesAndPercentages) {
  EXPECT_EQ(format_value(3378000000), "3378000000");
  EXPECT_EQ(format_value(1.5), "1.5");
  EXPECT_EQ(format_value_grouped(3378000000), "3,378,000,000");
  EXPECT_EQ(format_value_grouped(-1000), "-1,000");
  EXPECT_EQ(format_value_grouped(999), "999");
  EXPECT_EQ(format_pct(7), "+7.00%");
  EXPECT_EQ(format_pct(-18.1818), "-18.18%");
}

// The one join and the one grouping of digits the runner has.
TEST(CoreText, JoinsAndGroupsThousands) {
  EXPECT_EQ(join({}, ", "), "");
  EXPECT_EQ(join({"a"}, ", "), "a");
  EXPECT_EQ(join({"a", "b", "c"}, " "), "a b c");
  EXPECT_EQ(group_thousands("0"), "0");
  EXPECT_EQ(group_thousands("999"), "999");
  EXPECT_EQ(group_thousands("1000"), "1,000");
  EXPECT_EQ(group_thousands("-123456"), "-123,456");
  EXPECT_EQ(group_thousands("-1234567"), "-1,234,567");
}

TEST(CoreText, ListsAChoice) {
  EXPECT_EQ(one_of({}), "");
  EXPECT_EQ(one_of({"a"}), "a");
  EXPECT_EQ(one_of({"a", "b"}), "a or b");
  EXPECT_EQ(one_of({"a", "b", "c"}), "a, b or c");
}

TEST(CoreText, KeepsLineEndings) {
  const auto lines = split_lines_keep_endings("a\r\nb\nc");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "a\r\n");
  EXPECT_EQ(strip_ending(lines[0]), "a");
  EXPECT_EQ(lines[2], "c");
}

}  // namespace
}  // namespace tally

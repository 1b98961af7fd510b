// Which environment fields make two runs cross-environment.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "compare/environment_diff.hpp"

namespace tally::compare {
namespace environment_diff_test {

using nlohmann::json;

json environment_metadata() {
  return {{"host", "ci-1"},
          {"start_time", "2026-11-30T10:00:00Z"},
          {"compiler", "gcc 12.2.0"},
          {"cpu", "AMD EPYC 7B13"},
          {"counter", "wall"},
          {"environment",
           {{"cpu", {{"microcode", "0xa0011d1"}, {"online", 2}}},
            {"cpufreq", {{"governor", nullptr}, {"turbo", nullptr}}},
            {"aslr", "full (2)"},
            {"threads", {{"OMP_NUM_THREADS", "(unset)"}}}}}};
}

TEST(EnvironmentDiff, SameEnvironmentOnAnotherHostAndTimeIsNotFlagged) {
  json other = environment_metadata();
  other["host"] = "ci-2";
  other["start_time"] = "2026-12-01T10:00:00Z";
  EXPECT_TRUE(environment_differences(environment_metadata(), other).empty());
}

TEST(EnvironmentDiff, FlagsNestedAndTopLevelFields) {
  json other = environment_metadata();
  other["compiler"] = "gcc 13.1.0";
  other["environment"]["cpu"]["microcode"] = "0xa0011d3";
  other["environment"]["aslr"] = "off";
  const auto d = environment_differences(environment_metadata(), other);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].key, "compiler");
  EXPECT_EQ(d[1].key, "environment.aslr");
  EXPECT_EQ(d[2].key, "environment.cpu.microcode");
  EXPECT_EQ(d[2].base, "0xa0011d1");
  EXPECT_EQ(d[2].now, "0xa0011d3");
  std::ostringstream out;
  print_environment_differences(out, d, "base", "new");
  EXPECT_NE(out.str().find("cross-environment: 3 difference(s)"),
            std::string::npos);
  EXPECT_NE(out.str().find("  environment.aslr: full (2) -> off\n"),
            std::string::npos);
}

TEST(EnvironmentDiff, UnreadableOrUnrecordedFieldsAreNotCompared) {
  json other = environment_metadata();
  other["environment"]["cpufreq"]["governor"] = "performance";  // null before
  other["environment"].erase("aslr");                           // not recorded
  EXPECT_TRUE(environment_differences(environment_metadata(), other).empty());
  // A CSV has no metadata at all.
  EXPECT_TRUE(
      environment_differences(json::object(), environment_metadata()).empty());
}

TEST(EnvironmentDiff, ANewThreadSettingIsFlagged) {
  json other = environment_metadata();
  other["environment"]["threads"]["OMP_NUM_THREADS"] = "4";
  const auto d = environment_differences(environment_metadata(), other);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].key, "environment.threads.OMP_NUM_THREADS");
  EXPECT_EQ(d[0].base, "(unset)");
}

}  // namespace environment_diff_test
}  // namespace tally::compare

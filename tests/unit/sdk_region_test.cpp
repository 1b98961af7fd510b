// tally::Region owns its name: a region named by a temporary string ends
// under the name it began with.
#include <gtest/gtest.h>

#include <string>
#include <tally/plugin.hpp>
#include <vector>

namespace tally {
namespace {

class RecordingMeter : public Meter {
 public:
  void begin(std::string_view region) override {
    events.push_back("begin " + std::string(region));
  }
  void end(std::string_view region) override {
    events.push_back("end " + std::string(region));
  }
  std::vector<std::string> events;
};

TEST(SdkRegion, NamedByATemporaryStringEndsUnderTheSameName) {
  RecordingMeter meter;
  const std::string prefix = "compile_time_of_a_name_too_long_for_sso";
  {
    Region region(meter, prefix + "_1");
    // Reuses the temporary's freed heap block: a view of it would now read
    // this text.
    std::string other(prefix.size() + 2, 'x');
    ASSERT_EQ(other.size(), prefix.size() + 2);
  }
  EXPECT_EQ(meter.events, (std::vector<std::string>{"begin " + prefix + "_1",
                                                    "end " + prefix + "_1"}));
}

TEST(SdkRegion, NamedByALiteralOrAViewWorksAsBefore) {
  RecordingMeter meter;
  { Region region(meter, "compile_time"); }
  {
    const std::string_view name = "total_of_phase";
    Region region(meter, name);
  }
  EXPECT_EQ(meter.events, (std::vector<std::string>{
                              "begin compile_time", "end compile_time",
                              "begin total_of_phase", "end total_of_phase"}));
}

}  // namespace
}  // namespace tally

// Params::get refuses an integer that the requested type cannot hold, rather
// than narrowing it, and names the parameter, the value and the range.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <tally/plugin.hpp>

namespace tally {
namespace {

Params with(std::int64_t n) {
  Params params;
  params.set("n", n);
  return params;
}

std::string get_error(const Params& params, std::string (*get)(const Params&)) {
  try {
    return "no error, got " + get(params);
  } catch (const ParamError& e) {
    return e.what();
  }
}

TEST(SdkParams, IntegerOutOfRangeOfTheRequestedTypeIsRefused) {
  const Params big = with(std::int64_t{3000000000});
  EXPECT_EQ(
      get_error(
          big, [](const Params& p) { return std::to_string(p.get<int>("n")); }),
      "parameter 'n' is 3000000000, out of range for the requested "
      "integer type (-2147483648 to 2147483647)");
  EXPECT_EQ(get_error(with(-1),
                      [](const Params& p) {
                        return std::to_string(p.get<unsigned>("n"));
                      }),
            "parameter 'n' is -1, out of range for the requested integer "
            "type (0 to 4294967295)");
  EXPECT_EQ(get_error(with(256),
                      [](const Params& p) {
                        return std::to_string(p.get<std::uint8_t>("n"));
                      }),
            "parameter 'n' is 256, out of range for the requested integer "
            "type (0 to 255)");
  EXPECT_THROW(with(-32769).get<std::int16_t>("n"), ParamError);
  EXPECT_THROW(with(-1).get<std::uint64_t>("n"), ParamError);
}

TEST(SdkParams, IntegerWithinRangeIsReturnedExactly) {
  EXPECT_EQ(with(3000000000).get<std::int64_t>("n"), 3000000000);
  EXPECT_EQ(with(3000000000).get<std::uint32_t>("n"), 3000000000u);
  const auto min_int = std::numeric_limits<int>::min();
  EXPECT_EQ(with(min_int).get<int>("n"), min_int);
  EXPECT_EQ(with(2147483647).get<int>("n"), 2147483647);
  EXPECT_EQ(with(-128).get<std::int8_t>("n"), -128);
  const auto max64 = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(with(max64).get<std::uint64_t>("n"),
            static_cast<std::uint64_t>(max64));
  EXPECT_EQ(with(3).get<double>("n"), 3.0);
}

TEST(SdkParams, WrongTypeAndMissingParameterAreStillRefused) {
  Params params;
  params.set("name", std::string("x"));
  EXPECT_THROW(params.get<int>("name"), ParamError);
  EXPECT_THROW(params.get<int>("missing"), ParamError);
}

}  // namespace
}  // namespace tally

// tally::do_not_optimize has a read form (const values, temporaries) and a
// read-write form (non-const lvalues), as Google Benchmark's DoNotOptimize.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <tally/plugin.hpp>
#include <vector>

namespace tally {
namespace {

// Both overloads exist: the address of each can be taken by its signature.
void (*const kReadWrite)(int&) = &do_not_optimize<int>;
void (*const kRead)(const int&) = &do_not_optimize<int>;

struct Rgb {
  char r, g, b;
};

struct WithConstMember {
  const int id;
};

TEST(SdkDoNotOptimize, ReadFormTakesConstValuesAndTemporaries) {
  ASSERT_NE(kRead, nullptr);
  const int value = 41;
  do_not_optimize(value);
  do_not_optimize(value + 1);
  const std::string text = "kept";
  do_not_optimize(text);
  do_not_optimize(std::string("temporary"));
  EXPECT_EQ(text, "kept");
}

TEST(SdkDoNotOptimize, ReadWriteFormTakesNonConstLvaluesAndKeepsTheirValue) {
  ASSERT_NE(kReadWrite, nullptr);
  std::int64_t sum = 0;
  for (std::int64_t i = 1; i <= 100; ++i) do_not_optimize(sum += i);
  EXPECT_EQ(sum, 5050);
  // Floats once read back as 0 here, with GCC's "+m,r" (see plugin.hpp).
  double d = 0.5;
  do_not_optimize(d);
  EXPECT_EQ(d, 0.5);
  float f = 1.5f;
  do_not_optimize(f);
  EXPECT_EQ(f, 1.5f);
  float half_steps = 0;
  for (int i = 0; i < 4; ++i) do_not_optimize(half_steps += 0.5f);
  EXPECT_EQ(half_steps, 2.0f);
  Rgb rgb = {'r', 'g', 'b'};  // trivially copyable, but no register fits it
  do_not_optimize(rgb);
  EXPECT_EQ(rgb.b, 'b');
  std::vector<int> v = {1, 2, 3};
  do_not_optimize(v);  // larger than a register: passed in memory
  EXPECT_EQ(v, (std::vector<int>{1, 2, 3}));
  std::array<char, 3> a = {'a', 'b', 'c'};
  do_not_optimize(a);
  EXPECT_EQ(a[2], 'c');
  WithConstMember c{7};  // cannot be an asm output: falls back to reading
  do_not_optimize(c);
  EXPECT_EQ(c.id, 7);
}

}  // namespace
}  // namespace tally

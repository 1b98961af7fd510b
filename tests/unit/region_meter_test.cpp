#include "worker/region_meter.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

// Counts one unit per tick() while running, so credit is easy to follow.
class TickCounter : public Counter {
 public:
  std::string quantity() const override { return "ticks"; }
  void resume() override {
    running_ = true;
    since_ = 0;
  }
  std::uint64_t pause() override {
    running_ = false;
    return since_;
  }
  void tick(int n) {
    if (running_) since_ += n;
  }

 private:
  bool running_ = false;
  std::uint64_t since_ = 0;
};

class Scripted : public Benchmark {
 public:
  Scripted(TickCounter& c, std::function<void(Meter&, TickCounter&)> f)
      : c_(c), f_(std::move(f)) {}
  void work(Meter& m) override { f_(m, c_); }

 private:
  TickCounter& c_;
  std::function<void(Meter&, TickCounter&)> f_;
};

std::map<std::string, std::uint64_t> measure(
    std::function<void(Meter&, TickCounter&)> f) {
  TickCounter counter;
  RegionMeter meter(counter);
  Scripted b(counter, f);
  return meter.measure(b);
}

TEST(RegionMeter, CreditsTotalAndOpenRegions) {
  auto counts = measure([](Meter& m, TickCounter& c) {
    c.tick(1);
    {
      Region r(m, "compile_time");
      c.tick(10);
    }
    c.tick(100);
  });
  EXPECT_EQ(counts["total"], 111u);
  EXPECT_EQ(counts["compile_time"], 10u);
}

TEST(RegionMeter, NestedEntriesCountOnceAndRepeatsSum) {
  auto counts = measure([](Meter& m, TickCounter& c) {
    {
      Region outer(m, "compile_time");
      c.tick(2);
      Region inner(m, "compile_time");
      c.tick(3);
    }
    Region again(m, "compile_time");
    c.tick(5);
  });
  EXPECT_EQ(counts["compile_time"], 10u);
  EXPECT_EQ(counts["total"], 10u);
}

TEST(RegionMeter, RegionNeverEnteredIsAbsentNotZero) {
  auto counts = measure([](Meter&, TickCounter& c) { c.tick(4); });
  EXPECT_EQ(counts.count("compile_time"), 0u);
}

TEST(RegionMeter, UnbalancedEndIsAnError) {
  EXPECT_THROW(measure([](Meter& m, TickCounter&) { m.end("compile_time"); }),
               std::logic_error);
  EXPECT_THROW(measure([](Meter& m, TickCounter&) { m.begin("compile_time"); }),
               std::logic_error);
}

}  // namespace
}  // namespace tally

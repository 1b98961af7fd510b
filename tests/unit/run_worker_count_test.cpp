// `--jobs auto`: every CPU under callgrind, as far as memory goes; one
// worker for the counters that parallel workers distort.
#include <gtest/gtest.h>

#include "run/worker_count.hpp"

namespace tally {
namespace {

constexpr std::uint64_t kGiB = std::uint64_t{1} << 30;

TEST(WorkerCount, CallgrindTakesEveryCpu) {
  const WorkerCount count = auto_jobs({CounterKind::kCallgrind}, 8, 64 * kGiB);
  EXPECT_EQ(count.jobs, 8);
  EXPECT_NE(count.why.find("8 CPU(s)"), std::string::npos) << count.why;
  EXPECT_NE(count.why.find("do not depend"), std::string::npos) << count.why;
}

TEST(WorkerCount, MemoryCapsCallgrindAtTwoGiBAWorker) {
  const WorkerCount count = auto_jobs({CounterKind::kCallgrind}, 8, 5 * kGiB);
  EXPECT_EQ(count.jobs, 2);
  EXPECT_NE(count.why.find("memory for 2"), std::string::npos) << count.why;
  EXPECT_EQ(auto_jobs({CounterKind::kCallgrind}, 8, kGiB / 2).jobs, 1);
  EXPECT_EQ(auto_jobs({CounterKind::kCallgrind}, 8, std::nullopt).jobs, 8);
  EXPECT_EQ(auto_jobs({CounterKind::kCallgrind}, 1000, std::nullopt).jobs, 256);
}

TEST(WorkerCount, NoisyCountersRunOneWorker) {
  for (const auto& counters : std::vector<std::set<CounterKind>>{
           {CounterKind::kWall},
           {CounterKind::kPerf},
           {CounterKind::kCallgrind, CounterKind::kWall}}) {
    const WorkerCount count = auto_jobs(counters, 8, 64 * kGiB);
    EXPECT_EQ(count.jobs, 1);
    EXPECT_NE(count.why.find("distort"), std::string::npos) << count.why;
  }
}

TEST(WorkerCount, ThisMachineHasCpusAndMemory) {
  EXPECT_GE(usable_cpus(), 1);
  ASSERT_TRUE(available_memory_bytes().has_value());
  EXPECT_GT(*available_memory_bytes(), 0u);
}

}  // namespace
}  // namespace tally

// The cost-aware split: longest first, a plugin split over workers only when
// that pays for the extra start-up, deterministic, and never better than
// its lower bound.
#include <gtest/gtest.h>

#include <set>

#include "run/work_split.hpp"

namespace tally {
namespace run_work_split_test {

std::vector<CostedCell> cells_of(const std::string& group,
                                 const std::vector<double>& costs,
                                 double startup) {
  std::vector<CostedCell> cells;
  for (double c : costs) cells.push_back({group, c, startup});
  return cells;
}

// Every cell is in exactly one batch, and each batch in exactly one lane.
void expect_partition(const WorkSplit& split, size_t cells) {
  std::multiset<size_t> seen;
  for (const auto& b : split.batches)
    seen.insert(b.cells.begin(), b.cells.end());
  EXPECT_EQ(seen.size(), cells);
  EXPECT_EQ(std::set<size_t>(seen.begin(), seen.end()).size(), cells);
  std::multiset<size_t> batches;
  for (const auto& lane : split.lanes) batches.insert(lane.begin(), lane.end());
  EXPECT_EQ(batches.size(), split.batches.size());
}

TEST(WorkSplit, SplitsOnePluginsLongCellsOverTwoWorkers) {
  // One plugin, 8 cells of 60 s, 15 s start-up: one worker takes 495 s;
  // two take 255 s each.
  auto cells = cells_of("torch", std::vector<double>(8, 60), 15);
  const WorkSplit split = split_work(cells, 2);
  expect_partition(split, cells.size());
  EXPECT_EQ(split.batches.size(), 2u);
  EXPECT_DOUBLE_EQ(split.makespan, 255);
  EXPECT_DOUBLE_EQ(split.bound, 255);  // max(60, 480 / 2) + 15
}

TEST(WorkSplit, KeepsCheapCellsInOneWorkerWhenStartUpDominates) {
  // Two plugins of 4 cells of 1 s behind a 20 s start-up each, on two
  // workers: splitting one would add 20 s of start-up to save 2 s.
  auto cells = cells_of("a", {1, 1, 1, 1}, 20);
  auto b = cells_of("b", {1, 1, 1, 1}, 20);
  cells.insert(cells.end(), b.begin(), b.end());
  const WorkSplit split = split_work(cells, 2);
  EXPECT_EQ(split.batches.size(), 2u);
  EXPECT_DOUBLE_EQ(split.makespan, 24);
}

TEST(WorkSplit, SplitsWhenAWorkerWouldOtherwiseIdle) {
  // One plugin alone: a second worker's start-up runs while the first
  // measures, so even cheap cells finish sooner split (22 s, not 24 s).
  const WorkSplit split = split_work(cells_of("a", {1, 1, 1, 1}, 20), 2);
  EXPECT_EQ(split.batches.size(), 2u);
  EXPECT_DOUBLE_EQ(split.makespan, 22);
}

TEST(WorkSplit, PutsTheLongestBatchFirstAndBalancesPlugins) {
  auto cells = cells_of("a", {100, 10, 10}, 5);
  auto b = cells_of("b", {50, 50, 20}, 5);
  cells.insert(cells.end(), b.begin(), b.end());
  const WorkSplit split = split_work(cells, 2);
  expect_partition(split, cells.size());
  for (size_t i = 1; i < split.batches.size(); ++i)
    EXPECT_GE(split.batches[i - 1].cost, split.batches[i].cost);
  // Total 240 s of cells: 120 s per worker plus a start-up, give or take a
  // cell's imbalance.
  EXPECT_LE(split.makespan, 1.1 * split.bound);
  EXPECT_GE(split.makespan, split.bound);
}

TEST(WorkSplit, TheLongestCellCapsTheMakespan) {
  auto cells = cells_of("p", {300, 10, 10, 10, 10}, 10);
  for (int lanes : {2, 4, 16, 64}) {
    const WorkSplit split = split_work(cells, lanes);
    EXPECT_DOUBLE_EQ(split.makespan, 310) << lanes;
    EXPECT_DOUBLE_EQ(split.bound, 310) << lanes;
  }
}

TEST(WorkSplit, IsDeterministicWithTies) {
  auto cells = cells_of("a", std::vector<double>(7, 3), 1);
  auto b = cells_of("b", std::vector<double>(5, 3), 1);
  cells.insert(cells.end(), b.begin(), b.end());
  const WorkSplit first = split_work(cells, 3);
  const WorkSplit second = split_work(cells, 3);
  ASSERT_EQ(first.batches.size(), second.batches.size());
  for (size_t i = 0; i < first.batches.size(); ++i)
    EXPECT_EQ(first.batches[i].cells, second.batches[i].cells);
  EXPECT_EQ(first.lanes, second.lanes);
}

TEST(WorkSplit, MoreLanesThanCellsLeavesLanesEmpty) {
  auto cells = cells_of("a", {5, 5}, 1);
  const WorkSplit split = split_work(cells, 4);
  expect_partition(split, 2);
  ASSERT_EQ(split.lanes.size(), 4u);
  EXPECT_TRUE(split.lanes[2].empty() && split.lanes[3].empty());
  EXPECT_TRUE(split_work({}, 3).batches.empty());
}

}  // namespace run_work_split_test
}  // namespace tally

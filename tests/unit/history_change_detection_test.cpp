#include <gtest/gtest.h>

#include "history/change_detection.hpp"

namespace tally::history {
namespace {

using K = PointKind;

TEST(AggregateChangeDetection, StepOverThreeRuns) {
  const ChangeReport r = detect_changes({1000, 1100, 1100}, 0.01, 2);
  EXPECT_EQ(r.kinds, (std::vector<K>{K::kNormal, K::kStep, K::kNormal}));
  ASSERT_EQ(r.steps.size(), 1u);
  EXPECT_EQ(r.steps[0].index, 1u);
  EXPECT_EQ(r.steps[0].from, 1000);
  EXPECT_EQ(r.steps[0].to, 1100);
  EXPECT_NEAR(r.steps[0].change_pct, 10, 1e-9);
}

TEST(AggregateChangeDetection, SingleOutlierIsNotAStep) {
  const ChangeReport r = detect_changes({1000, 1001, 1500, 1000, 999}, 0.01, 2);
  EXPECT_TRUE(r.steps.empty());
  EXPECT_EQ(r.kinds[2], K::kOutlier);
  EXPECT_EQ(r.kinds[3], K::kNormal);
}

TEST(AggregateChangeDetection, NoiseWithinMarginIsNothing) {
  const ChangeReport r =
      detect_changes({1000, 1004, 996, 1008, 1000, 993}, 0.01, 2);
  EXPECT_TRUE(r.steps.empty());
  for (K k : r.kinds) EXPECT_EQ(k, K::kNormal);
}

TEST(AggregateChangeDetection, DownStepAfterOutlierAndAtNoisyNewLevel) {
  const ChangeReport r =
      detect_changes({1000, 1000, 2000, 1000, 900, 905, 898}, 0.01, 2);
  EXPECT_EQ(r.kinds[2], K::kOutlier);
  ASSERT_EQ(r.steps.size(), 1u);
  EXPECT_EQ(r.steps[0].index, 4u);
  EXPECT_EQ(r.steps[0].from, 1000);  // the outlier did not move the level
  EXPECT_NEAR(r.steps[0].change_pct, -9.75, 1e-9);  // to median(900, 905)
  EXPECT_EQ(r.kinds[5], K::kNormal);
  EXPECT_EQ(r.kinds[6], K::kNormal);
}

TEST(AggregateChangeDetection, LastMoveIsPendingUntilConfirmed) {
  ChangeReport r = detect_changes({1000, 1000, 1100}, 0.01, 2);
  EXPECT_EQ(r.kinds[2], K::kPending);
  EXPECT_TRUE(r.steps.empty());
  r = detect_changes({1000, 1100, 1100, 1100}, 0.01, 3);
  EXPECT_EQ(r.steps.size(), 1u);
  r = detect_changes({1000, 1100, 1100}, 0.01, 3);
  EXPECT_EQ(r.kinds[1], K::kPending);
  EXPECT_EQ(r.kinds[2], K::kPending);
}

TEST(AggregateChangeDetection, TwoStepsInARow) {
  const ChangeReport r =
      detect_changes({100, 100, 120, 120, 150, 150}, 0.01, 2);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[0].index, 2u);
  EXPECT_EQ(r.steps[1].index, 4u);
  EXPECT_EQ(r.steps[1].from, 120);
}

TEST(AggregateChangeDetection, EmptyAndSingle) {
  EXPECT_TRUE(detect_changes({}, 0.01, 2).kinds.empty());
  EXPECT_EQ(detect_changes({5}, 0.01, 2).kinds, (std::vector<K>{K::kNormal}));
}

}  // namespace
}  // namespace tally::history

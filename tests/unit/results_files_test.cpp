#include "results/results_files.hpp"

#include <gtest/gtest.h>

namespace tally {
namespace {

CellResult ok_cell() {
  CellResult r;
  r.name = "basic_InlineMod_trace";
  r.benchmark = "basic_InlineMod";
  r.backend = "trace";
  r.device = "cpu";
  r.counter = "callgrind";
  r.iterations = 3;
  r.params.set("n", std::int64_t{1000});
  r.metrics["instruction_count"] = summarize({30, 10, 20});
  r.metrics["compile_time_instruction_count"] = summarize({3, 1, 2});
  return r;
}

TEST(ResultsFiles, StatsAreMinMedianMax) {
  MetricStats s = summarize({5, 1, 9, 3});
  EXPECT_EQ(s.min, 1u);
  EXPECT_EQ(s.median, 3u);
  EXPECT_EQ(s.max, 9u);
  EXPECT_EQ(s.samples, (std::vector<std::uint64_t>{5, 1, 9, 3}));
}

// Under callgrind the samples spread by the same instructions on every run
// (here 200 %): no noise, so no flag; the same spread under wall is one.
TEST(ResultsFiles, OnlyNoisyCountersAreFlaggedUnstable) {
  CellResult exact = ok_cell();
  const MetricStats& stats = exact.metrics.at("instruction_count");
  EXPECT_DOUBLE_EQ(spread(stats), 2.0);
  EXPECT_FALSE(is_unstable(exact, stats));
  EXPECT_EQ(to_json(exact)["metrics"]["instruction_count"]["unstable"], false);
  CellResult noisy = exact;
  noisy.counter = "wall";
  EXPECT_TRUE(is_unstable(noisy, stats));
  noisy.unstable_spread = 2.5;
  EXPECT_FALSE(is_unstable(noisy, stats));
}

TEST(ResultsFiles, CsvHasPyTorchRowsForOkCellsOnly) {
  CellResult failed = ok_cell();
  failed.name = "broken_trace";
  failed.status = CellStatus::kCrashed;
  std::string csv = results_csv({ok_cell(), failed});
  EXPECT_EQ(csv,
            "basic_InlineMod_trace,compile_time_instruction_count,1\n"
            "basic_InlineMod_trace,instruction_count,10\n");
}

TEST(ResultsFiles, JsonRoundTripsCells) {
  RunMetadata m;
  m.counter = "callgrind";
  CellResult skipped;
  skipped.name = "x_nnc";
  skipped.status = CellStatus::kSkipped;
  skipped.reason = "backend 'nnc' is not supported";
  auto doc = nlohmann::json::parse(results_json(m, {ok_cell(), skipped}));
  EXPECT_EQ(doc["metadata"]["counter"], "callgrind");
  ASSERT_EQ(doc["cells"].size(), 2u);
  CellResult back = cell_result_from_json(doc["cells"][0]);
  EXPECT_EQ(back.metrics["instruction_count"].median, 20u);
  EXPECT_EQ(back.params.get<std::int64_t>("n"), 1000);
  EXPECT_EQ(doc["cells"][1]["status"], "skipped");
  EXPECT_EQ(doc["cells"][1]["reason"], "backend 'nnc' is not supported");
}

}  // namespace
}  // namespace tally

#include "results/results_files.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "results/run_metadata.hpp"
#include "results/run_results.hpp"

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
  const RunResults run{"", to_json(m), {ok_cell(), skipped}};
  auto doc = nlohmann::json::parse(results_json_text(run));
  EXPECT_EQ(doc["metadata"]["counter"], "callgrind");
  ASSERT_EQ(doc["cells"].size(), 2u);
  CellResult back = cell_result_from_json(doc["cells"][0]);
  EXPECT_EQ(back.metrics["instruction_count"].median, 20u);
  EXPECT_EQ(back.params.get<std::int64_t>("n"), 1000);
  EXPECT_EQ(doc["cells"][1]["status"], "skipped");
  EXPECT_EQ(doc["cells"][1]["reason"], "backend 'nnc' is not supported");
}

// What the model reads back, it writes again byte for byte: the one reader
// and the one writer of results.json agree.
TEST(ResultsFiles, JsonReadBackWritesTheSameBytes) {
  RunMetadata m;
  m.counter = "wall";
  m.extra["worker_startup_s"] = {{"healthy", 0.25}};
  CellResult tail = ok_cell();
  tail.name = "tail_native";
  tail.output_tail = "last line\n";
  tail.threads = {{"compile_time", 3}};
  tail.metrics["instruction_count"].profile = "profiles/p.callgrind";
  const std::string text =
      results_json_text({"", to_json(m), {ok_cell(), tail}});
  const RunResults back =
      run_results_from_json(nlohmann::json::parse(text), "r.json");
  EXPECT_EQ(back.path, "r.json");
  EXPECT_EQ(back.counter(), "wall");
  ASSERT_EQ(back.cells.size(), 2u);
  EXPECT_EQ(back.cells[1].metrics.at("instruction_count").profile,
            "profiles/p.callgrind");
  EXPECT_EQ(results_json_text(back), text);
}

// One line naming the file and the cell at fault.
TEST(ResultsFiles, JsonReaderNamesTheCellAtFault) {
  auto refusal = [](const std::string& text) {
    try {
      run_results_from_json(nlohmann::json::parse(text), "r.json");
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kBadInput);
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(refusal(R"({"metadata": {}})"), "r.json: no \"cells\" array");
  EXPECT_EQ(refusal(R"([1])"), "r.json: the top level is not an object");
  EXPECT_EQ(refusal(R"({"cells": [{"name": "a", "status": "late"}]})"),
            "r.json: cells[0]: unknown cell status 'late'");
  EXPECT_EQ(refusal(R"({"cells": [{"name": "a", "status": "ok",
      "metrics": {"m": {"min": 1, "profile": "/etc/passwd"}}}]})"),
            "r.json: cells[0].metrics.m.profile: not relative to the "
            "results folder");
  EXPECT_EQ(refusal(R"({"cells": [{"name": "a", "status": "ok",
      "metrics": {"m": {"min": -1}}}]})"),
            "r.json: cells[0].metrics.m: \"min\" is not a whole number of "
            "at least 0");
  EXPECT_EQ(refusal(R"({"cells": [{"name": "a", "status": "ok",
      "iterations": "3", "metrics": {}}]})")
                .rfind("r.json: cells[0]: type must be number", 0),
            0u);
}

}  // namespace
}  // namespace tally

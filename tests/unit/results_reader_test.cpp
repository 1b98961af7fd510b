#include "results/results_reader.hpp"

#include <gtest/gtest.h>

#include "analysis_test_support.hpp"

namespace tally {
namespace {

using analysis_test::error_of;
using analysis_test::fixture;
using analysis_test::ScratchDir;

TEST(AggregateResultsReader, ReadsPyTorchCsv) {
  const Results r = read_results(fixture("pytorch_results.csv"));
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[1].name, "add_loop_eager");
  EXPECT_EQ(r.rows[1].metric, "compile_time_instruction_count");
  EXPECT_EQ(r.rows[1].value, 200);
  EXPECT_TRUE(r.metadata.empty());
  ASSERT_NE(r.find("mm_loop_jit", "compile_time_instruction_count"), nullptr);
  EXPECT_EQ(r.find("mm_loop_jit", "instruction_count"), nullptr);
}

TEST(AggregateResultsReader, ReadsJsonMinAndCellsWithoutMetrics) {
  const Results r = read_results(fixture("new/results.json"));
  EXPECT_EQ(r.metadata["git_commit"],
            "2222222222222222222222222222222222222222");
  const ResultRow* row =
      r.find("basic_InlineMod_trace", "compile_time_instruction_count");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(row->value, 1250000);  // the min, not the median
  ASSERT_EQ(r.no_metrics.size(), 1u);
  EXPECT_EQ(r.no_metrics[0].name, "mm_loop_jit");
  EXPECT_EQ(r.no_metrics[0].status, "crashed");
  EXPECT_NE(r.outcome("mm_loop_jit"), nullptr);
}

TEST(AggregateResultsReader, FolderPrefersJsonThenCsv) {
  EXPECT_EQ(read_results(fixture("base")).path,
            fixture("base") + "/results.json");
  ScratchDir dir;
  dir.write("run/results.csv", "a_eager,instruction_count,5\n");
  const Results r = read_results(dir.file("run"));
  EXPECT_EQ(r.path, dir.file("run") + "/results.csv");
  ASSERT_EQ(r.rows.size(), 1u);
  dir.write("empty/readme", "");
  EXPECT_EQ(error_of([&] { read_results(dir.file("empty")); }).second,
            ExitCode::kIoError);
}

TEST(AggregateResultsReader, DuplicateRowNamesBothLines) {
  const auto [message, code] =
      error_of([] { read_results(fixture("duplicate_results.csv")); });
  EXPECT_EQ(code, ExitCode::kBadInput);
  EXPECT_NE(
      message.find("duplicate_results.csv:3: duplicate result "
                   "basic_InlineMod_trace,compile_time_instruction_count"),
      std::string::npos)
      << message;
  EXPECT_NE(message.find("duplicate_results.csv:1"), std::string::npos)
      << message;
}

TEST(AggregateResultsReader, MalformedCsvNamesFileAndLine) {
  ScratchDir dir;
  const std::string p = dir.write(
      "r.csv",
      "a_eager,instruction_count,5\n\nb_eager,instruction_count,12x\n");
  const auto [message, code] = error_of([&] { read_results(p); });
  EXPECT_EQ(code, ExitCode::kBadInput);
  EXPECT_NE(message.find(p + ":3: value '12x' is not a number"),
            std::string::npos)
      << message;
  const std::string q = dir.write("q.csv", "a_eager,instruction_count\n");
  EXPECT_NE(error_of([&] {
              read_results(q);
            }).first.find(q + ":1: expected 3 fields"),
            std::string::npos);
}

TEST(AggregateResultsReader, MalformedJsonIsBadInput) {
  ScratchDir dir;
  const std::string bad_syntax = dir.write("a.json", "{\"cells\": [\n  {,]}");
  auto [message, code] = error_of([&] { read_results(bad_syntax); });
  EXPECT_EQ(code, ExitCode::kBadInput);
  EXPECT_NE(message.find("line 2"), std::string::npos) << message;
  EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;

  const std::string empty = dir.write("empty.json", "\n");
  std::tie(message, code) = error_of([&] { read_results(empty); });
  EXPECT_EQ(code, ExitCode::kBadInput);
  EXPECT_EQ(message, empty + ": the file is empty") << message;

  const std::string no_min =
      dir.write("b.json",
                R"({"cells": [{"name": "x_eager", "status": "ok",
          "metrics": {"instruction_count": {"median": 3}}}]})");
  std::tie(message, code) = error_of([&] { read_results(no_min); });
  EXPECT_EQ(code, ExitCode::kBadInput);
  EXPECT_NE(message.find("cells[0].metrics.instruction_count: missing \"min\""),
            std::string::npos)
      << message;

  const std::string dup =
      dir.write("c.json", R"({"cells": [{"name": "x", "status": "skipped"},
                              {"name": "x", "status": "skipped"}]})");
  std::tie(message, code) = error_of([&] { read_results(dup); });
  EXPECT_NE(message.find("cells[1]: duplicate cell x (first at"),
            std::string::npos)
      << message;
}

TEST(AggregateResultsReader, UnreadableFileIsIoError) {
  EXPECT_EQ(error_of([] { read_results("/nonexistent/results.csv"); }).second,
            ExitCode::kIoError);
}

}  // namespace
}  // namespace tally

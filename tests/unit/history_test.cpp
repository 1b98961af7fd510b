#include "history/history.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis_test_support.hpp"
#include "history/history_reporters.hpp"
#include "history/sqlite.hpp"

namespace tally::history {
namespace {

using analysis_test::error_of;
using analysis_test::ScratchDir;

/// A results.json with one compile_time_instruction_count per ok cell and
/// `crashed` as a crashed cell.
std::string run_json(const std::string& start, const std::string& commit,
                     const std::map<std::string, double>& values,
                     const std::string& crashed = "") {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& [name, v] : values) {
    cells.push_back({{"name", name},
                     {"status", "ok"},
                     {"reason", ""},
                     {"metrics",
                      {{"compile_time_instruction_count",
                        {{"samples", {v, v + 1}},
                         {"min", v},
                         {"median", v},
                         {"max", v + 1}}}}}});
  }
  if (!crashed.empty()) {
    cells.push_back(
        {{"name", crashed}, {"status", "crashed"}, {"reason", "SIGSEGV"}});
  }
  nlohmann::json doc = {{"metadata",
                         {{"tally_version", "0.1.0"},
                          {"git_commit", commit},
                          {"libtorch_version", "1.13.1"},
                          {"counter", "callgrind"},
                          {"cpu", "Test CPU"},
                          {"host", "nightly-1"},
                          {"start_time", start}}},
                        {"cells", cells}};
  return doc.dump();
}

class HistoryFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    db = dir.file("history.sqlite");
    // basic_InlineMod_trace steps up 10 % at run 2 and stays there;
    // add_loop_eager has one outlier at run 2; mm_loop_jit crashes at run 3.
    const std::string runs[] = {
        run_json("2026-11-24T02:00:00Z", "aaaa",
                 {{"basic_InlineMod_trace", 1000000},
                  {"add_loop_eager", 500000},
                  {"mm_loop_jit", 700000}}),
        run_json("2026-11-25T02:00:00Z", "bbbb",
                 {{"basic_InlineMod_trace", 1100000},
                  {"add_loop_eager", 650000},
                  {"mm_loop_jit", 700100}}),
        run_json(
            "2026-11-26T02:00:00Z", "cccc",
            {{"basic_InlineMod_trace", 1100200}, {"add_loop_eager", 500100}},
            "mm_loop_jit"),
    };
    for (int i = 0; i < 3; ++i) {
      const std::string p =
          dir.write("run" + std::to_string(i) + "/results.json", runs[i]);
      const AddSummary s =
          add_to_history(dir.file("run" + std::to_string(i)), db);
      EXPECT_EQ(s.run_id, i + 1);
      EXPECT_EQ(s.source, p);
    }
  }
  const SeriesView& series(const HistoryView& v, const std::string& name) {
    for (const SeriesView& s : v.series) {
      if (s.series.name == name) return s;
    }
    throw std::runtime_error("no series " + name);
  }

  ScratchDir dir;
  std::string db;
};

TEST_F(HistoryFixture, RoundTripKeepsMetadataAndValues) {
  const HistoryView v = load_history(db, {});
  ASSERT_EQ(v.runs.size(), 3u);
  EXPECT_EQ(v.runs[1].git_commit, "bbbb");
  EXPECT_EQ(v.runs[1].start_time, "2026-11-25T02:00:00Z");
  EXPECT_EQ(v.runs[1].libtorch_version, "1.13.1");
  EXPECT_EQ(v.runs[1].counter, "callgrind");
  EXPECT_EQ(v.runs[1].host, "nightly-1");
  EXPECT_EQ(v.runs[1].cpu, "Test CPU");
  ASSERT_EQ(v.series.size(), 3u);
  const Series& s = series(v, "basic_InlineMod_trace").series;
  EXPECT_EQ(s.metric, "compile_time_instruction_count");
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_EQ(s.points[0].value, 1000000);
  EXPECT_EQ(s.points[2].value, 1100200);
  const Series& mm = series(v, "mm_loop_jit").series;
  ASSERT_EQ(mm.points.size(), 3u);
  EXPECT_FALSE(mm.points[2].value);
  EXPECT_EQ(mm.points[2].status, "crashed");
  EXPECT_EQ(mm.points[2].reason, "SIGSEGV");
}

TEST_F(HistoryFixture, DetectsTheStepButNotTheOutlier) {
  const HistoryView v = load_history(db, {});
  const SeriesView& step = series(v, "basic_InlineMod_trace");
  ASSERT_EQ(step.steps.size(), 1u);
  EXPECT_EQ(step.steps[0].run_id, 2);
  EXPECT_NEAR(step.steps[0].step.change_pct, 10.01, 1e-9);
  const SeriesView& outlier = series(v, "add_loop_eager");
  EXPECT_TRUE(outlier.steps.empty());
  EXPECT_EQ(outlier.kinds[1], PointKind::kOutlier);
  EXPECT_TRUE(series(v, "mm_loop_jit").steps.empty());
}

TEST_F(HistoryFixture, ConsoleShowsStepsAndFilters) {
  ShowOptions options;
  options.name_regex = "^basic_";
  const HistoryView v = load_history(db, options);
  ASSERT_EQ(v.series.size(), 1u);
  std::ostringstream out;
  reporters().find("console").report(out, v);
  const std::string s = out.str();
  EXPECT_NE(s.find("history: " + db + ": 3 run(s)"), std::string::npos) << s;
  EXPECT_NE(
      s.find("2026-11-25T02:00:00Z  bbbb    1.13.1    callgrind  nightly-1"),
      std::string::npos)
      << s;
  EXPECT_NE(s.find("<< STEP +10.01% from 1000000 to 1100100"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("steps (margin ±1.00%, lasting at least 2 run(s)): 1\n"
                   "  basic_InlineMod_trace,compile_time_instruction_count: "
                   "run 2 (2026-11-25T02:00:00Z, commit bbbb): 1000000 -> "
                   "1100100 (+10.01%)"),
            std::string::npos)
      << s;
  EXPECT_EQ(s.find("add_loop_eager"), std::string::npos);
}

TEST_F(HistoryFixture, JsonShowsPointsKindsAndSteps) {
  std::ostringstream out;
  reporters().find("json").report(out, load_history(db, {}));
  const nlohmann::json j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j["runs"].size(), 3u);
  EXPECT_EQ(j["runs"][2]["git_commit"], "cccc");
  ASSERT_EQ(j["series"].size(), 3u);
  const nlohmann::json& add = j["series"][0];  // sorted by name
  EXPECT_EQ(add["name"], "add_loop_eager");
  EXPECT_EQ(add["points"][1]["kind"], "outlier");
  EXPECT_TRUE(add["steps"].empty());
  const nlohmann::json& basic = j["series"][1];
  EXPECT_EQ(basic["steps"][0]["run"], 2);
  EXPECT_EQ(basic["points"][1]["kind"], "step");
  EXPECT_EQ(j["series"][2]["points"][2]["status"], "crashed");
}

TEST_F(HistoryFixture, AddingTheSameRunTwiceIsRefused) {
  const auto [message, code] =
      error_of([&] { history_add(dir.file("run1"), db); });
  EXPECT_EQ(code, ExitCode::kBadInput);
  EXPECT_NE(message.find("already in " + db + " as run 2"), std::string::npos)
      << message;
  EXPECT_NE(message.find("(same start_time, host and git_commit; it has no "
                         "run_id)"),
            std::string::npos)
      << message;
  EXPECT_EQ(load_history(db, {}).runs.size(), 3u);  // rolled back
}

/// run_json() with `run_id` in its metadata, as tally writes it now.
std::string run_json_with_id(const std::string& run_id,
                             const std::string& start) {
  nlohmann::json doc = nlohmann::json::parse(
      run_json(start, "dddd", {{"basic_InlineMod_trace", 1100300}}));
  doc["metadata"]["run_id"] = run_id;
  return doc.dump();
}

// Two CI jobs on one host that start in the same second are two runs; the
// same results.json added twice is one.
TEST_F(HistoryFixture, RunsAreToldApartByRunId) {
  const std::string start = "2026-11-27T02:00:00Z";
  dir.write("job-a/results.json",
            run_json_with_id("0123456789abcdef0123456789abcdef", start));
  dir.write("job-b/results.json",
            run_json_with_id("fedcba9876543210fedcba9876543210", start));
  EXPECT_EQ(add_to_history(dir.file("job-a"), db).run_id, 4);
  EXPECT_EQ(add_to_history(dir.file("job-b"), db).run_id, 5);
  const auto [message, code] =
      error_of([&] { history_add(dir.file("job-b"), db); });
  EXPECT_EQ(code, ExitCode::kBadInput);
  EXPECT_NE(message.find("already in " + db +
                         " as run 5 (same run_id "
                         "fedcba9876543210fedcba9876543210)"),
            std::string::npos)
      << message;
  EXPECT_EQ(load_history(db, {}).runs.size(), 5u);
}

// A history written before run ids has no run_ids table: it gains one with
// its next run, and its older runs keep their older identity.
TEST_F(HistoryFixture, AHistoryFromBeforeRunIdsTakesRunsWithIds) {
  {
    SqliteDb old(db, /*create=*/false);
    old.exec("DROP TABLE run_ids");
  }
  dir.write("with-id/results.json",
            run_json_with_id("00000000000000000000000000000001",
                             "2026-11-24T02:00:00Z"));  // run 1's start
  EXPECT_EQ(add_to_history(dir.file("with-id"), db).run_id, 4);
  EXPECT_EQ(error_of([&] { history_add(dir.file("run0"), db); }).second,
            ExitCode::kBadInput);
  EXPECT_EQ(error_of([&] { history_add(dir.file("with-id"), db); }).second,
            ExitCode::kBadInput);
  EXPECT_EQ(load_history(db, {}).runs.size(), 4u);
}

TEST(AggregateHistory, HistoryAddTakesACsvAndCreatesTheDatabase) {
  ScratchDir dir;
  const std::string csv = dir.write("r.csv", "a_eager,instruction_count,42\n");
  history_add(csv, dir.file("new.sqlite"));
  history_add(csv, dir.file("new.sqlite"));  // no metadata: nothing to match
  const HistoryView v = load_history(dir.file("new.sqlite"), {});
  ASSERT_EQ(v.runs.size(), 2u);
  EXPECT_FALSE(v.runs[0].git_commit);
  EXPECT_EQ(v.runs[0].source, csv);
  EXPECT_EQ(v.series[0].series.points[1].value, 42);
}

TEST(AggregateHistory, BadDatabasesAndOptions) {
  ScratchDir dir;
  EXPECT_EQ(
      error_of([&] { load_history(dir.file("absent.sqlite"), {}); }).second,
      ExitCode::kIoError);
  const std::string not_db = dir.write("not.sqlite", std::string(4096, 'x'));
  EXPECT_EQ(error_of([&] { load_history(not_db, {}); }).second,
            ExitCode::kBadInput);
  ShowOptions bad;
  bad.name_regex = "(";
  EXPECT_EQ(error_of([&] { load_history(not_db, bad); }).second,
            ExitCode::kUsage);
}

}  // namespace
}  // namespace tally::history

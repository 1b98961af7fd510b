// `tally run` over misbehaving plugins: each misbehaviour costs only its own
// cell, which is reported with its signal, code or exception; the healthy
// cells after it are measured.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

struct SweepRun {
  CliResult cli;
  std::string out_dir;
  nlohmann::json json;
  std::map<std::string, nlohmann::json> cells;
};

SweepRun run_config(const std::string& yaml,
                    std::vector<std::string> extra = {},
                    const std::string& env = "") {
  SweepRun run;
  std::string dir = make_temp_dir("run");
  write_text(dir + "/matrix.yaml", yaml);
  run.out_dir = dir + "/out";
  std::vector<std::string> args = {
      "run",       dir + "/matrix.yaml", "--no-default-plugins",
      "--plugins", loadable_plugins(),   "--out",
      run.out_dir};
  args.insert(args.end(), extra.begin(), extra.end());
  run.cli = run_tally(args, env);
  std::string text = read_text(run.out_dir + "/results.json");
  if (!text.empty()) {
    run.json = nlohmann::json::parse(text);
    for (const auto& c : run.json["cells"]) run.cells[c["name"]] = c;
  }
  return run;
}

const char* kHostileMatrix = R"(
defaults: {iterations: 2, counter: wall, timeout: 3, memory_limit: 400}
benchmarks:
  - name: "hostile_*"
  - name: healthy_loop
    params: {n: 1000}
)";

class Isolation : public ::testing::Test {
 protected:
  static std::string mark() {
    return "TALLY_TEST_ISOLATION_" + std::to_string(::getpid());
  }
  // Every test of the suite runs the sweep in its own process (ctest);
  // four workers wait out the four 3 s hangs at once.
  static void SetUpTestSuite() {
    run_ = new SweepRun(
        run_config(kHostileMatrix, {"--jobs", "4"}, mark() + "=1"));
  }
  static void TearDownTestSuite() { delete run_; }
  const nlohmann::json& cell(const std::string& name) {
    EXPECT_TRUE(run_->cells.count(name)) << name << "\n" << run_->cli.err;
    return run_->cells[name];
  }
  static SweepRun* run_;
};
SweepRun* Isolation::run_ = nullptr;

TEST_F(Isolation, SweepFinishesAndExitsWithCellsFailed) {
  EXPECT_EQ(run_->cli.exit_code, 1) << run_->cli.err;
  EXPECT_EQ(run_->cells.size(), 23u);
}

TEST_F(Isolation, SegfaultIsACrashWithItsSignalAndStderrTail) {
  auto c = cell("hostile_segv_native");
  EXPECT_EQ(c["status"], "crashed");
  EXPECT_NE(c["reason"].get<std::string>().find("SIGSEGV"), std::string::npos);
  EXPECT_NE(c["output_tail"].get<std::string>().find("about to segv"),
            std::string::npos);
}

TEST_F(Isolation, AbortIsACrash) {
  auto c = cell("hostile_abort_native");
  EXPECT_EQ(c["status"], "crashed");
  EXPECT_NE(c["reason"].get<std::string>().find("SIGABRT"), std::string::npos);
}

TEST_F(Isolation, SigkillFromOutsidePointsAtTheOomKiller) {
  auto c = cell("hostile_sigkill_native");
  EXPECT_EQ(c["status"], "crashed");
  const std::string reason = c["reason"];
  EXPECT_NE(reason.find("SIGKILL"), std::string::npos) << reason;
  EXPECT_NE(reason.find("OOM killer"), std::string::npos) << reason;
}

TEST_F(Isolation, NonStandardExceptionNamesItsType) {
  auto c = cell("hostile_throw_int_native");
  EXPECT_EQ(c["status"], "failed");
  EXPECT_NE(c["reason"].get<std::string>().find("type int"), std::string::npos)
      << c;
}

TEST_F(Isolation, StdExceptionKeepsItsMessage) {
  auto c = cell("hostile_throw_std_native");
  EXPECT_EQ(c["status"], "failed");
  EXPECT_NE(c["reason"].get<std::string>().find("the model is broken"),
            std::string::npos);
}

TEST_F(Isolation, ExitInWorkIsAFailureWithItsCode) {
  auto c = cell("hostile_exit0_native");
  EXPECT_EQ(c["status"], "failed");
  const std::string reason = c["reason"];
  EXPECT_NE(reason.find("exit code 0"), std::string::npos) << c;
  EXPECT_NE(reason.find("did the plugin call exit()?"), std::string::npos) << c;
  EXPECT_EQ(reason.find("event pipe"), std::string::npos) << c;
}

TEST_F(Isolation, UnderscoreExitInWorkIsAFailureWithItsCode) {
  auto c = cell("hostile_exit3_native");
  EXPECT_EQ(c["status"], "failed");
  EXPECT_NE(c["reason"].get<std::string>().find("exit code 3"),
            std::string::npos)
      << c;
}

// Each hook, each way: a std::exception keeps its message, anything else
// names its type, an endless loop is stopped at the timeout.
TEST_F(Isolation, EveryHookThrowingOrHangingCostsOnlyItsCell) {
  for (std::string hook : {"make", "prepare_once", "prepare", ""}) {
    const std::string prefix = "hostile_" + (hook.empty() ? "" : hook + "_");
    const std::string where = (hook.empty() ? "work" : hook) + "()";
    auto std_cell = cell(prefix + "throw_std_native");
    EXPECT_EQ(std_cell["status"], "failed");
    EXPECT_EQ(std_cell["reason"],
              where + " threw std::runtime_error: the model is broken in " +
                  (hook.empty() ? "work" : hook));
    auto int_cell = cell(prefix + "throw_int_native");
    EXPECT_EQ(int_cell["status"], "failed");
    EXPECT_EQ(int_cell["reason"], where +
                                      " threw an exception of type int (not "
                                      "derived from std::exception)");
    auto hang_cell = cell(prefix + "hang_native");
    EXPECT_EQ(hang_cell["status"], "timeout") << hang_cell;
    EXPECT_NE(
        hang_cell["reason"].get<std::string>().find("timed out after 3 s"),
        std::string::npos);
  }
}

TEST_F(Isolation, RunningOutOfMemoryIsReportedAsTheLimit) {
#if TALLY_SANITIZE
  GTEST_SKIP()
      << "AddressSanitizer's shadow memory rules out address-space limits";
#endif
  auto c = cell("hostile_oom_native");
  EXPECT_EQ(c["status"], "failed");
  EXPECT_NE(c["reason"].get<std::string>().find(
                "exceeded its memory limit of 400 MiB"),
            std::string::npos)
      << c;
}

TEST_F(Isolation, ForkedChildDoesNotOutliveTheSweep) {
  EXPECT_EQ(cell("hostile_fork_native")["status"], "ok");
  // Every process the sweep started carries the mark in its environment.
  const std::string left = run_->out_dir + "/../left";
  const std::string find = "grep -l " + mark() + "= /proc/[0-9]*/environ >" +
                           quote(left) + " 2>/dev/null";
  for (int i = 0;
       i < 100 && (std::system(find.c_str()), !read_text(left).empty()); ++i)
    ::usleep(50000);
  EXPECT_EQ(read_text(left), "") << "processes left running";
}

TEST_F(Isolation, HangIsStoppedAtItsTimeout) {
  auto c = cell("hostile_hang_native");
  EXPECT_EQ(c["status"], "timeout");
  EXPECT_NE(c["reason"].get<std::string>().find("timed out after 3 s"),
            std::string::npos);
}

TEST_F(Isolation, StdoutSpamDoesNotConfuseResults) {
  auto c = cell("hostile_spam_native");
  EXPECT_EQ(c["status"], "ok");
  EXPECT_EQ(c["metrics"]["wall_time_ns"]["samples"].size(), 2u);
}

TEST_F(Isolation, SkipCellIsSkippedWithItsReason) {
  auto c = cell("hostile_skip_native");
  EXPECT_EQ(c["status"], "skipped");
  EXPECT_EQ(c["reason"], "needs hardware this machine lacks");
}

TEST_F(Isolation, HealthyCellsAreMeasured) {
  EXPECT_EQ(cell("hostile_ok_native")["status"], "ok");
  auto c = cell("healthy_loop_native");
  EXPECT_EQ(c["status"], "ok");
  EXPECT_GT(c["metrics"]["compile_time_wall_time_ns"]["min"].get<double>(), 0);
  std::string csv = read_text(run_->out_dir + "/results.csv");
  EXPECT_NE(csv.find("healthy_loop_native,compile_time_wall_time_ns,"),
            std::string::npos);
  EXPECT_NE(csv.find("hostile_ok_native,wall_time_ns,"), std::string::npos);
  EXPECT_EQ(csv.find("hostile_segv"), std::string::npos)
      << "no rows for crashed cells";
}

TEST_F(Isolation, JournalHasOneLinePerFinishedCell) {
  std::string journal = read_text(run_->out_dir + "/journal.jsonl");
  EXPECT_EQ(
      static_cast<size_t>(std::count(journal.begin(), journal.end(), '\n')),
      run_->cells.size());
}

TEST(RunCommand, RegionNeverEnteredFailsTheCell) {
  SweepRun run = run_config(R"(
defaults: {iterations: 1, counter: wall}
benchmarks: [{name: healthy_forgets_region}]
)");
  ASSERT_TRUE(run.cells.count("healthy_forgets_region_native")) << run.cli.err;
  auto c = run.cells["healthy_forgets_region_native"];
  EXPECT_EQ(c["status"], "failed");
  EXPECT_NE(c["reason"].get<std::string>().find("never entered"),
            std::string::npos);
  EXPECT_EQ(run.cli.exit_code, 1);
}

TEST(RunCommand, DryRunPrintsPlannedAndSkippedCellsAndRunsNothing) {
  std::string dir = make_temp_dir("dry");
  write_text(dir + "/m.yaml", R"(
matrix: {backend: [native, trace], device: [cpu, cuda]}
benchmarks: [{name: healthy_loop}]
)");
  CliResult r = run_tally(
      {"run", dir + "/m.yaml", "--dry-run", "--no-default-plugins", "--plugins",
       loadable_plugins(), "--counter", "wall", "--out", dir + "/out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("healthy_loop_native "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("healthy_loop_trace: backend 'trace' is not supported"),
            std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find("healthy_loop_native_gpu: device 'cuda' is not supported"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("compile_time_wall_time_ns"), std::string::npos);
  EXPECT_TRUE(read_text(dir + "/out/results.json").empty());
}

TEST(RunCommand, FilterIterationsAndCounterFlagsApply) {
  SweepRun run = run_config(
      R"(
defaults: {iterations: 5, counter: auto}
benchmarks:
  - {name: healthy_loop, params: {n: 10}}
  - {name: healthy_empty}
)",
      {"--filter", "loop", "--iterations", "3", "--counter", "wall"});
  ASSERT_EQ(run.cli.exit_code, 0) << run.cli.err;
  ASSERT_EQ(run.cells.size(), 1u);
  auto c = run.cells["healthy_loop_native"];
  EXPECT_EQ(c["metrics"]["wall_time_ns"]["samples"].size(), 3u);
  EXPECT_EQ(run.json["metadata"]["counter"], "wall");
  // Parallel workers would distort wall times: auto runs one.
  EXPECT_EQ(run.json["metadata"]["jobs"], 1);
}

TEST(RunCommand, ResultsJsonCarriesRunMetadata) {
  SweepRun run = run_config("benchmarks: [{name: healthy_empty}]\n",
                            {"--counter", "wall"});
  ASSERT_EQ(run.cli.exit_code, 0) << run.cli.err;
  auto m = run.json["metadata"];
  for (const char* key :
       {"tally_version", "libtorch_version", "counter", "counter_reason", "cpu",
        "kernel", "host", "start_time", "end_time", "config_path",
        "config_sha256", "compiler", "libc", "valgrind_version", "run_id"})
    EXPECT_TRUE(m.contains(key)) << key;
  EXPECT_EQ(m["run_id"].get<std::string>().size(), 32u);
  EXPECT_EQ(m["config_sha256"].get<std::string>().size(), 64u);
  // What a new expected file is needed for, besides the source.
  EXPECT_NE(m["compiler"].get<std::string>().find("gcc "), std::string::npos);
  EXPECT_EQ(m["libc"].get<std::string>().rfind("glibc ", 0), 0u);
  EXPECT_TRUE(m["valgrind_version"].is_null()) << "not run under valgrind";
}

// Quick runs of one matrix on one host start within a second of each other:
// each is a run of its own in a history, and only the same results.json
// added again is refused.
TEST(RunCommand, QuickRunsWithOneHistoryAllLand) {
  const std::string dir = make_temp_dir("quick-runs");
  write_text(dir + "/m.yaml",
             "defaults: {iterations: 1}\n"
             "benchmarks: [{name: healthy_loop, params: {n: 10}}]\n");
  const std::string db = dir + "/h.db";
  for (int i = 1; i <= 3; ++i) {
    CliResult r =
        run_tally({"run", dir + "/m.yaml", "--no-default-plugins", "--plugins",
                   loadable_plugins(), "--counter", "wall", "--out",
                   dir + "/out" + std::to_string(i), "--history", db});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("added run " + std::to_string(i)), std::string::npos)
        << r.out;
  }
  CliResult again = run_tally({"history", "add", dir + "/out2", "--db", db});
  EXPECT_EQ(again.exit_code, 4) << again.err;
  const std::string id = nlohmann::json::parse(
      read_text(dir + "/out2/results.json"))["metadata"]["run_id"];
  EXPECT_NE(
      again.err.find("already in " + db + " as run 2 (same run_id " + id + ")"),
      std::string::npos)
      << again.err;
}

TEST(RunCommand, PerfCounterWithoutPmuFailsClearlyOrWorks) {
  SweepRun run = run_config("benchmarks: [{name: healthy_empty}]\n",
                            {"--counter", "perf"});
  if (run.cli.exit_code == 0) {
    EXPECT_EQ(run.json["metadata"]["counter"], "perf");
  } else {
    EXPECT_EQ(run.cli.exit_code, 9) << run.cli.err;
    EXPECT_NE(run.cli.err.find("--counter perf:"), std::string::npos)
        << run.cli.err;
    EXPECT_TRUE(run.cells.empty()) << "nothing may run with a broken counter";
  }
}

TEST(RunCommand, ExistingResultsFolderIsNotOverwritten) {
  std::string dir = make_temp_dir("existing");
  write_text(dir + "/m.yaml", "benchmarks: [{name: healthy_empty}]\n");
  write_text(dir + "/out/results.csv", "");
  std::system(("mkdir -p " + quote(dir + "/out")).c_str());
  write_text(dir + "/out/results.csv", "keep me\n");
  CliResult r = run_tally({"run", dir + "/m.yaml", "--no-default-plugins",
                           "--plugins", loadable_plugins(), "--counter", "wall",
                           "--out", dir + "/out"});
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_EQ(read_text(dir + "/out/results.csv"), "keep me\n");
}

TEST(RunCommand, UnknownBenchmarkNamesFileLineAndColumn) {
  std::string dir = make_temp_dir("unknown");
  write_text(dir + "/m.yaml", "benchmarks:\n  - name: healthy_lop\n");
  CliResult r = run_tally({"run", dir + "/m.yaml", "--no-default-plugins",
                           "--plugins", loadable_plugins(), "--counter", "wall",
                           "--out", dir + "/out"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("m.yaml:2:11"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'healthy_loop'"), std::string::npos)
      << r.err;
}

// A plugin that writes to the event pipe breaks the protocol: that cell
// fails with the line and field that were wrong, and the host goes on with
// the rest in a new worker.
TEST(ProtocolErrors, EachCostsOnlyItsOwnCell) {
  SweepRun run = run_config(R"(
defaults: {iterations: 2, counter: wall, timeout: 20}
benchmarks:
  - name: "breaker_*"
)",
                            {"--filter", "garbage|field|type|flood|torn|ok"});
  EXPECT_EQ(run.cli.exit_code, 1) << run.cli.err;
  ASSERT_EQ(run.cells.size(), 6u) << run.cli.err;
  const std::map<std::string, std::string> expected = {
      {"garbage", "line 2: not a JSON line: 'this is not an event'"},
      {"missing_field", "line 2: field 'index': missing"},
      {"wrong_type", "line 2: field 'index': expected an integer, got string"},
      {"flood", "an event line is longer than 4 MiB"},
      {"torn", "line 2: not a JSON line: '{\"event\":\"cell_{\"event\""}};
  for (const auto& [how, what] : expected) {
    const auto& c = run.cells["breaker_" + how + "_native"];
    EXPECT_EQ(c["status"], "failed") << how;
    const std::string reason = c["reason"];
    EXPECT_NE(reason.find("the worker broke the event protocol"),
              std::string::npos)
        << how << ": " << reason;
    EXPECT_NE(reason.find(what), std::string::npos) << how << ": " << reason;
  }
  EXPECT_EQ(run.cells["breaker_ok_native"]["status"], "ok") << run.cli.err;
}

// A plugin that closes the event pipe, or puts another file on fd 4, is told
// so: not that its process exited, which it did not.
TEST(ProtocolErrors, ClosingTheEventPipeIsNamed) {
  SweepRun run = run_config(R"(
defaults: {iterations: 2, counter: wall, timeout: 20}
benchmarks:
  - name: "breaker_*"
)",
                            {"--filter", "close|replace|ok"});
  EXPECT_EQ(run.cli.exit_code, 1) << run.cli.err;
  ASSERT_EQ(run.cells.size(), 4u) << run.cli.err;
  const std::map<std::string, std::string> expected = {
      {"close", "the plugin closed tally's event pipe (fd 4)"},
      {"close_all", "the plugin closed tally's event pipe (fd 4)"},
      {"replace",
       "the plugin replaced tally's event pipe (fd 4) with another file"}};
  for (const auto& [how, what] : expected) {
    const auto& c = run.cells["breaker_" + how + "_native"];
    EXPECT_EQ(c["status"], "failed") << how;
    const std::string reason = c["reason"];
    EXPECT_NE(reason.find(what), std::string::npos) << how << ": " << reason;
    EXPECT_EQ(reason.find("exit()"), std::string::npos)
        << how << ": " << reason;
  }
  EXPECT_EQ(run.cells["breaker_ok_native"]["status"], "ok") << run.cli.err;
}

}  // namespace
}  // namespace tally::test

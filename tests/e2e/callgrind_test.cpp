// The callgrind counter: exact, linear, repeatable across runs and --jobs,
// in agreement with an independent callgrind run, and clear when valgrind is
// missing or broken.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

using Mins = std::map<std::string, std::uint64_t>;  // "cell metric" -> min

struct CallgrindRun {
  CliResult cli;
  nlohmann::json json;
  Mins mins;
  std::string tmp;  // TMPDIR given to tally
};

CallgrindRun run_callgrind(const std::string& yaml,
                           std::vector<std::string> extra = {},
                           const std::string& env = "",
                           bool default_plugins = false) {
  CallgrindRun run;
  std::string dir = make_temp_dir("callgrind");
  run.tmp = dir + "/tmp";
  std::system(("mkdir -p " + quote(run.tmp)).c_str());
  write_text(dir + "/m.yaml", yaml);
  std::vector<std::string> args = {"run",       dir + "/m.yaml", "--counter",
                                   "callgrind", "--out",         dir + "/out"};
  if (!default_plugins) {
    args.insert(args.end(),
                {"--no-default-plugins", "--plugins", loadable_plugins()});
  }
  args.insert(args.end(), extra.begin(), extra.end());
  run.cli = run_tally(args, "TMPDIR=" + quote(run.tmp) + " " + env);
  std::string text = read_text(dir + "/out/results.json");
  if (text.empty()) return run;
  run.json = nlohmann::json::parse(text);
  for (const auto& cell : run.json["cells"])
    for (const auto& [metric, stats] : cell["metrics"].items())
      run.mins[cell["name"].get<std::string>() + " " + metric] = stats["min"];
  return run;
}

const char* kLoops = R"(
defaults: {iterations: 3}
benchmarks:
  - {name: healthy_loop, params: {n: 10000}, label: n1}
  - {name: healthy_loop, params: {n: 20000}, label: n2}
  - {name: healthy_loop, params: {n: 40000}, label: n4}
  - {name: hostile_ok}
)";

TEST(Callgrind, CountsAreLinearInTheLoopLength) {
  CallgrindRun run = run_callgrind(kLoops);
  ASSERT_EQ(run.cli.exit_code, 0) << run.cli.err;
  for (const char* metric :
       {"compile_time_instruction_count", "instruction_count"}) {
    std::int64_t c1 =
        run.mins.at(std::string("healthy_loop_native_n1 ") + metric);
    std::int64_t c2 =
        run.mins.at(std::string("healthy_loop_native_n2 ") + metric);
    std::int64_t c4 =
        run.mins.at(std::string("healthy_loop_native_n4 ") + metric);
    EXPECT_GT(c2 - c1, 10000) << metric;
    EXPECT_EQ(c4 - c2, 2 * (c2 - c1))
        << metric << ": " << c1 << " " << c2 << " " << c4;
  }
  // Half of the spinning happens inside the region.
  EXPECT_NEAR(
      static_cast<double>(
          run.mins["healthy_loop_native_n4 compile_time_instruction_count"]),
      run.mins["healthy_loop_native_n4 instruction_count"] / 2.0,
      run.mins["healthy_loop_native_n4 instruction_count"] * 0.01);
}

TEST(Callgrind, AgreesWithAnIndependentToggleCollectRun) {
  const std::int64_t n = 100000;
  CallgrindRun run = run_callgrind(
      "defaults: {iterations: 2}\nbenchmarks: [{name: healthy_loop, params: "
      "{n: " +
      std::to_string(n) + "}}]\n");
  ASSERT_EQ(run.cli.exit_code, 0) << run.cli.err;
  std::string dir = make_temp_dir("toggle");
  std::string command =
      "valgrind --tool=callgrind --toggle-collect=tally_test_spin "
      "--callgrind-out-file=" +
      quote(dir + "/cg.out") + " " + quote(TALLY_SPIN_DRIVER) + " " +
      quote(loadable_plugins() + "/healthy.so") + " " + std::to_string(n) +
      " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::string dump = read_text(dir + "/cg.out");
  auto at = dump.find("\ntotals:");
  ASSERT_NE(at, std::string::npos);
  double independent = std::stod(dump.substr(at + 8));
  double region =
      run.mins["healthy_loop_native compile_time_instruction_count"];
  double outside = run.mins["healthy_loop_native instruction_count"] - region;
  EXPECT_NEAR(region, independent, independent * 0.005);
  EXPECT_NEAR(outside, independent, independent * 0.005);
}

TEST(Callgrind, TwoSeparateRunsGiveIdenticalMinimums) {
  CallgrindRun first = run_callgrind(kLoops);
  CallgrindRun second = run_callgrind(kLoops);
  ASSERT_EQ(first.cli.exit_code, 0) << first.cli.err;
  EXPECT_FALSE(first.mins.empty());
  EXPECT_EQ(first.mins, second.mins);
}

// Each cell starts from the same process state, so a cell that leaves its
// heap scattered does not change the count of the cell after it.
TEST(Callgrind, ACellsCountDoesNotDependOnTheCellsBeforeIt) {
  CallgrindRun alone = run_callgrind(R"(
defaults: {iterations: 2}
benchmarks: [{name: healthy_heap, label: clean}]
)");
  CallgrindRun after = run_callgrind(R"(
defaults: {iterations: 2}
benchmarks:
  - {name: healthy_heap, params: {leak: 20000}, label: leaky}
  - {name: healthy_heap, label: clean}
)");
  ASSERT_EQ(alone.cli.exit_code, 0) << alone.cli.err;
  ASSERT_EQ(after.cli.exit_code, 0) << after.cli.err;
  const std::string clean = "healthy_heap_native_clean instruction_count";
  EXPECT_EQ(alone.mins.at(clean), after.mins.at(clean));
  // The scattered heap does change a count within its own cell, so the
  // equality above is not for want of sensitivity.
  EXPECT_NE(after.mins.at("healthy_heap_native_leaky instruction_count"),
            after.mins.at(clean));
}

// Callgrind keeps its collection state per thread; every thread the cell
// starts inside a region must be counted all the same.
const char* kThreads = R"(
defaults: {iterations: 3}
benchmarks:
  - {name: healthy_threads, params: {n: 2000000, threads: 1}, label: t1}
  - {name: healthy_threads, params: {n: 2000000, threads: 3}, label: t3}
  - {name: healthy_idle_thread, params: {n: 2000000}}
)";

TEST(Callgrind, EveryThreadOfTheCellIsCountedAndNothingOutsideWork) {
  CallgrindRun run = run_callgrind(kThreads);
  ASSERT_EQ(run.cli.exit_code, 0) << run.cli.err;
  const double one = static_cast<double>(
      run.mins.at("healthy_threads_native_t1 compile_time_instruction_count"));
  const double three = static_cast<double>(
      run.mins.at("healthy_threads_native_t3 compile_time_instruction_count"));
  EXPECT_NEAR(three, 3 * one, 0.01 * 3 * one) << one << " " << three;
  // An idle thread adds nothing; prepare()'s thread, outside work(), either.
  EXPECT_NEAR(static_cast<double>(run.mins.at(
                  "healthy_idle_thread_native compile_time_instruction_count")),
              one, 0.01 * one);
  EXPECT_NEAR(static_cast<double>(
                  run.mins.at("healthy_threads_native_t1 instruction_count")),
              one, 0.01 * one);
  // results.json says how many threads could have run in each region.
  std::map<std::string, nlohmann::json> threads;
  for (const auto& cell : run.json["cells"])
    threads[cell["name"]] = cell["threads"];
  EXPECT_EQ(threads["healthy_threads_native_t1"]["compile_time"], 1);
  EXPECT_EQ(threads["healthy_threads_native_t3"]["compile_time"], 3);
  EXPECT_EQ(threads["healthy_threads_native_t3"]["total"], 3);
  EXPECT_EQ(threads["healthy_idle_thread_native"]["compile_time"], 2);
}

// One thread repeats to the instruction. With several, the futex waits of
// thread start and join follow the host's scheduling of valgrind's threads
// (--fair-sched=yes does not help): each wait that happens costs 94
// instructions more. The t3 cell starts and joins 2 threads an iteration,
// so its minimum may move by up to 4 waits; 16 runs here read 0, 1 or 2.
// A thread missed or counted twice would move it by millions.
TEST(Callgrind, CountsWithThreadsRepeatWithinFourFutexWaits) {
  CallgrindRun first = run_callgrind(kThreads);
  CallgrindRun second = run_callgrind(kThreads);
  ASSERT_EQ(first.cli.exit_code, 0) << first.cli.err;
  ASSERT_EQ(first.mins.size(), second.mins.size());
  for (const auto& [metric, count] : first.mins) {
    if (metric.find("_t3 ") == std::string::npos)
      EXPECT_EQ(second.mins.at(metric), count) << metric;
    else
      EXPECT_NEAR(static_cast<double>(second.mins.at(metric)),
                  static_cast<double>(count), 4 * 94)
          << metric;
  }
}

// Two separate runs of a LibTorch cell, one keeping its profiles and one
// not, count the very same: a count repeats exactly, and keeping profiles
// does not move it.
TEST(Callgrind, BasicInlineModTraceRepeatsExactlyWithOrWithoutProfiles) {
  if (!TALLY_WITH_TORCH) GTEST_SKIP() << "built without LibTorch";
  const std::string yaml = R"(
defaults: {iterations: 3}
matrix: {backend: [trace]}
benchmarks: [{name: libtorch_basic_InlineMod, params: {n: 20, depth: 10}}]
)";
  CallgrindRun none = run_callgrind(yaml, {"--profiles", "none"}, "", true);
  CallgrindRun min = run_callgrind(yaml, {"--profiles", "min"}, "", true);
  ASSERT_EQ(none.cli.exit_code, 0) << none.cli.err;
  ASSERT_EQ(min.cli.exit_code, 0) << min.cli.err;
  ASSERT_EQ(none.mins.size(), 2u);
  ASSERT_TRUE(none.mins.count(
      "libtorch_basic_InlineMod_trace compile_time_instruction_count"));
  EXPECT_EQ(none.mins, min.mins);
}

TEST(Callgrind, ParallelJobsGiveTheSameCounts) {
  CallgrindRun serial = run_callgrind(kLoops, {"--jobs", "1"});
  CallgrindRun parallel = run_callgrind(kLoops, {"--jobs", "2"});
  ASSERT_EQ(parallel.cli.exit_code, 0) << parallel.cli.err;
  EXPECT_EQ(serial.mins.size(), 7u);
  EXPECT_EQ(serial.mins, parallel.mins);
  // Without --jobs, callgrind takes a worker per CPU, as memory allows.
  CallgrindRun automatic = run_callgrind(kLoops);
  ASSERT_EQ(automatic.cli.exit_code, 0) << automatic.cli.err;
  const int jobs = automatic.json["metadata"]["jobs"].get<int>();
  EXPECT_GE(jobs, 1);
  if (jobs > 1)
    EXPECT_NE(automatic.cli.err.find("tally: --jobs auto: " +
                                     std::to_string(jobs) + " worker(s) for "),
              std::string::npos)
        << automatic.cli.err;
  EXPECT_EQ(serial.mins, automatic.mins);
  for (const char* bad : {"0", "257", "two", "2x"}) {
    const CliResult r = run_callgrind(kLoops, {"--jobs", bad}).cli;
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("--jobs must be auto or between 1 and 256, got '" +
                         std::string(bad) + "'"),
              std::string::npos)
        << r.err;
  }
}

TEST(Callgrind, HarnessOverheadIsRecordedAndSmall) {
  CallgrindRun run = run_callgrind("benchmarks: [{name: healthy_empty}]\n");
  ASSERT_EQ(run.cli.exit_code, 0) << run.cli.err;
  auto overhead = run.json["metadata"]["harness_overhead"][0];
  EXPECT_EQ(overhead["counter"], "callgrind");
  EXPECT_LE(overhead["empty_region"].get<int>(), 200) << overhead;  // two edges
  EXPECT_LE(overhead["empty_work"].get<int>(), 400) << overhead;
  EXPECT_EQ(run.mins["healthy_empty_native instruction_count"],
            overhead["empty_work"].get<std::uint64_t>());
}

TEST(Callgrind, DumpFilesAreRemovedAndValgrindsVersionRecorded) {
  CallgrindRun run = run_callgrind(kLoops);
  ASSERT_EQ(run.cli.exit_code, 0) << run.cli.err;
  EXPECT_EQ(run.json["metadata"]["valgrind_version"].get<std::string>().rfind(
                "valgrind-", 0),
            0u)
      << run.json["metadata"];
  // Dumps go to the worker's private folder, which goes with the worker
  // (tests/e2e/portable_counts_test.cpp); TMPDIR is not used at all.
  int status =
      std::system(("test -z \"$(ls -A " + quote(run.tmp) + ")\"").c_str());
  EXPECT_EQ(status, 0) << "files left in " << run.tmp;
}

// The profile kept for a metric is the one of its reported sample: it opens
// in callgrind_annotate, which prints the total results.csv has.
TEST(Callgrind, KeptProfilesOpenInCallgrindAnnotateWithTheReportedTotal) {
  CallgrindRun run = run_callgrind(kLoops);
  ASSERT_EQ(run.cli.exit_code, 0) << run.cli.err;
  const std::string out = run.tmp + "/../out/";
  EXPECT_EQ(run.json["metadata"]["profiles"]["kept"], "min");
  int checked = 0;
  for (const auto& cell : run.json["cells"])
    for (const auto& [metric, stats] : cell["metrics"].items()) {
      const std::string name = cell["name"];
      const std::string profile = stats.value("profile", "");
      EXPECT_EQ(profile, "profiles/" + name + "." + metric + ".callgrind");
      const CliResult annotate = [&] {
        CliResult r;
        const std::string text = out + "annotate.txt";
        r.exit_code =
            std::system(("callgrind_annotate " + quote(out + profile) + " >" +
                         quote(text) + " 2>&1")
                            .c_str());
        r.out = read_text(text);
        return r;
      }();
      ASSERT_EQ(annotate.exit_code, 0) << annotate.out;
      const std::uint64_t min = stats["min"];
      // callgrind_annotate groups digits with commas.
      std::string digits = std::to_string(min), grouped;
      for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
        grouped += digits[i];
      }
      EXPECT_NE(annotate.out.find(grouped + " (100.0%)  PROGRAM TOTALS"),
                std::string::npos)
          << name << " " << metric << "\n"
          << annotate.out;
      EXPECT_NE(annotate.out.find("tally cell: " + name), std::string::npos);
      ++checked;
    }
  EXPECT_EQ(checked, 7);
}

// What is kept never changes what is counted.
TEST(Callgrind, KeepingProfilesDoesNotChangeTheCounts) {
  const char* yaml = R"(
defaults: {iterations: 2}
benchmarks:
  - {name: healthy_loop, params: {n: 10000}}
  - {name: healthy_heap, params: {leak: 3}}
)";
  CallgrindRun none = run_callgrind(yaml, {"--profiles", "none"});
  CallgrindRun min = run_callgrind(yaml, {"--profiles", "min"});
  CallgrindRun all = run_callgrind(yaml, {"--profiles", "all"});
  ASSERT_EQ(none.cli.exit_code, 0) << none.cli.err;
  EXPECT_EQ(none.mins.size(), 3u);
  EXPECT_EQ(none.mins, min.mins);
  EXPECT_EQ(none.mins, all.mins);
  EXPECT_EQ(none.json["metadata"]["profiles"]["kept"], "none");
  for (const auto& cell : none.json["cells"])
    for (const auto& [metric, stats] : cell["metrics"].items())
      EXPECT_FALSE(stats.contains("profile")) << metric;
  for (const auto& cell : all.json["cells"])
    for (const auto& [metric, stats] : cell["metrics"].items())
      EXPECT_EQ(stats["profiles"].size(), 2u) << metric;
}

TEST(Callgrind, WallKeepsNoProfilesAndSaysSo) {
  std::string dir = make_temp_dir("wall-profiles");
  write_text(dir + "/m.yaml", "benchmarks: [{name: healthy_empty}]\n");
  CliResult r = run_tally({"run", dir + "/m.yaml", "--no-default-plugins",
                           "--plugins", loadable_plugins(), "--counter", "wall",
                           "--out", dir + "/out"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = nlohmann::json::parse(read_text(dir + "/out/results.json"));
  EXPECT_EQ(json["metadata"]["profiles"]["kept"], "none");
  EXPECT_NE(json["metadata"]["profiles"]["why"].get<std::string>().find(
                "only under the callgrind counter"),
            std::string::npos);
  EXPECT_NE(std::system(("test -e " + quote(dir + "/out/profiles")).c_str()),
            0);
}

TEST(Callgrind, MissingValgrindSaysHowToInstallIt) {
  CallgrindRun run = run_callgrind(kLoops, {}, "PATH=/nonexistent");
  EXPECT_EQ(run.cli.exit_code, 9) << run.cli.err;
  EXPECT_NE(run.cli.err.find("valgrind is not installed"), std::string::npos)
      << run.cli.err;
  EXPECT_NE(run.cli.err.find("apt-get install valgrind"), std::string::npos);
}

TEST(Callgrind, AutoFallsBackAndSaysWhy) {
  std::string dir = make_temp_dir("auto");
  write_text(dir + "/m.yaml", "benchmarks: [{name: healthy_empty}]\n");
  CliResult r =
      run_tally({"run", dir + "/m.yaml", "--no-default-plugins", "--plugins",
                 loadable_plugins(), "--out", dir + "/out"},
                "PATH=/nonexistent");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto meta =
      nlohmann::json::parse(read_text(dir + "/out/results.json"))["metadata"];
  if (meta["counter"] == "wall")
    EXPECT_NE(meta["counter_reason"].get<std::string>().find(
                  "valgrind not installed"),
              std::string::npos)
        << meta;
  else
    EXPECT_EQ(meta["counter"], "perf");
  EXPECT_NE(r.err.find("tally: counter "), std::string::npos);
}

TEST(Callgrind, ValgrindFailingToStartFailsEachCellClearly) {
  CallgrindRun run = run_callgrind(kLoops, {}, "TALLY_VALGRIND=/bin/false");
  EXPECT_EQ(run.cli.exit_code, 1) << run.cli.err;
  ASSERT_EQ(run.json["cells"].size(), 4u);
  for (const auto& cell : run.json["cells"]) {
    EXPECT_EQ(cell["status"], "failed");
    EXPECT_NE(cell["reason"].get<std::string>().find(
                  "valgrind could not start the worker"),
              std::string::npos)
        << cell;
  }
}

}  // namespace
}  // namespace tally::test

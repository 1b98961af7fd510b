// The perf counter's logic, tested without a PMU: TALLY_PERF_EVENT=task-clock
// makes it count the software task clock through the same perf_event_open
// path (inherit, enable and disable at region edges, the multiplexing
// check). Only the event differs from a machine with hardware counters.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

constexpr const char* kTaskClock = "TALLY_PERF_EVENT=task-clock";

struct PerfRun {
  CliResult cli;
  nlohmann::json cells = nlohmann::json::object();  // name -> cell
  std::string out;
};

PerfRun run_perf(const std::string& yaml, const std::string& env = "",
                 std::vector<std::string> extra = {}) {
  PerfRun run;
  const std::string dir = make_temp_dir("perf");
  write_text(dir + "/m.yaml", yaml);
  run.out = dir + "/out";
  std::vector<std::string> args = {"run",
                                   dir + "/m.yaml",
                                   "--counter",
                                   "perf",
                                   "--out",
                                   run.out,
                                   "--no-default-plugins",
                                   "--plugins",
                                   loadable_plugins()};
  args.insert(args.end(), extra.begin(), extra.end());
  run.cli = run_tally(args, std::string(kTaskClock) + " " + env);
  const std::string text = read_text(run.out + "/results.json");
  if (text.empty()) return run;
  const auto results = nlohmann::json::parse(text);
  for (const auto& cell : results["cells"]) run.cells[cell["name"]] = cell;
  return run;
}

double min_of(const PerfRun& run, const std::string& cell,
              const std::string& metric) {
  return run.cells.at(cell)["metrics"].at(metric)["min"].get<double>();
}

// What the task clocks of one threads.yaml run say against "every thread of
// the cell is counted, inside regions only"; empty when they agree. 3 threads
// of spinning read about 3 times the clock of 1 thread (counting the calling
// thread alone would read about 1x); prepare()'s spin, as long but on
// another thread outside work(), adds nothing; an idle thread adds next to
// nothing.
std::string threads_disagreement(const PerfRun& run) {
  const std::string ct = "compile_time_instruction_count";
  const double one = min_of(run, "healthy_threads_native_t1", ct);
  const double three = min_of(run, "healthy_threads_native_t3", ct) / one;
  const double idle = min_of(run, "healthy_idle_thread_native", ct) / one;
  const double whole =
      min_of(run, "healthy_threads_native_t1", "instruction_count") / one;
  std::ostringstream why;
  if (three < 2.4 || three > 9) why << "t3/t1 " << three << "; ";
  if (idle < 0.4 || idle > 2.5) why << "idle/t1 " << idle << "; ";
  if (whole < 0.5 || whole > 1.5) why << "total/compile_time " << whole;
  return why.str();
}

// Separate cells are separate processes measured at different moments, and
// on a loaded 2-vCPU VM their clocks for equal work differ by up to 2.6x
// (CI read t3/t1 4.5, a local run idle/t1 1.7 and t3/t1 2.0). So the
// ratios get three tries: a counter that misses threads fails every one.
TEST(PerfCounter, CountsEveryThreadOfTheCellInsideRegionsOnly) {
  std::string failures;
  for (int attempt = 0; attempt < 3; ++attempt) {
    PerfRun run = run_perf(
        read_text(std::string(TALLY_TEST_DATA_DIR) + "/perf/threads.yaml"));
    ASSERT_EQ(run.cli.exit_code, 0) << run.cli.err;
    EXPECT_GT(min_of(run, "healthy_threads_native_t1",
                     "compile_time_instruction_count"),
              1e6)
        << "the task clock counts nanoseconds";
    EXPECT_EQ(run.cells["healthy_threads_native_t3"]["threads"]["compile_time"],
              3);
    const std::string why = threads_disagreement(run);
    if (why.empty()) return;
    failures += "\n  try " + std::to_string(attempt + 1) + ": " + why;
  }
  ADD_FAILURE() << "task clocks disagree in every try:" << failures;
}

TEST(PerfCounter, AMultiplexedSampleIsMeasuredAgainOnce) {
  PerfRun run = run_perf(
      "defaults: {iterations: 2}\nbenchmarks: [{name: healthy_loop}]\n",
      "TALLY_PERF_FAULT=multiplex-once");
  ASSERT_EQ(run.cli.exit_code, 0) << run.cli.err;
  const auto& cell = run.cells.at("healthy_loop_native");
  EXPECT_EQ(cell["status"], "ok");
  EXPECT_EQ(cell["metrics"]["instruction_count"]["samples"].size(), 2u);
}

TEST(PerfCounter, MultiplexedSamplesFailTheCellWithTheRatio) {
  PerfRun run = run_perf(
      "defaults: {iterations: 2}\nbenchmarks: [{name: healthy_loop}]\n",
      "TALLY_PERF_FAULT=multiplex");
  EXPECT_EQ(run.cli.exit_code, 1) << run.cli.err;
  const auto& cell = run.cells.at("healthy_loop_native");
  EXPECT_EQ(cell["status"], "failed");
  const std::string reason = cell["reason"];
  EXPECT_NE(reason.find("ran 50.0 % of the time it was enabled"),
            std::string::npos)
      << reason;
  EXPECT_NE(reason.find("--counter callgrind"), std::string::npos) << reason;
  EXPECT_TRUE(cell["metrics"].empty()) << "a scaled count is never kept";
}

TEST(PerfCounter, JobsFilterAndResumeWorkAsWithTheOtherCounters) {
  const std::string yaml = R"(
defaults: {iterations: 2}
benchmarks:
  - {name: healthy_loop, params: {n: 1000000}, label: a}
  - {name: healthy_loop, params: {n: 2000000}, label: b}
  - {name: healthy_heap}
)";
  PerfRun parallel =
      run_perf(yaml, "", {"--jobs", "2", "--filter", "_a$|heap"});
  ASSERT_EQ(parallel.cli.exit_code, 0) << parallel.cli.err;
  EXPECT_EQ(parallel.cells.size(), 2u) << parallel.cells.dump();
  for (const auto& [name, cell] : parallel.cells.items())
    EXPECT_EQ(cell["status"], "ok") << name;
  // A finished run resumed measures nothing again and keeps its cells.
  CliResult resumed =
      run_tally({"run", "--resume", parallel.out}, std::string(kTaskClock));
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(
      read_text(parallel.out + "/results.csv").find("healthy_heap_native"),
      std::string::npos);
}

TEST(PerfCounter, AnUnknownStandInEventIsAUsageError) {
  PerfRun run = run_perf("benchmarks: [{name: healthy_empty}]\n",
                         "TALLY_PERF_EVENT=cycles");
  EXPECT_NE(run.cli.exit_code, 0);
  EXPECT_NE(run.cli.err.find("TALLY_PERF_EVENT must be instructions or "
                             "task-clock"),
            std::string::npos)
      << run.cli.err;
}

}  // namespace
}  // namespace tally::test

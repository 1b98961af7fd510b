// Reliability of `tally run`: interrupted sweeps (SIGKILL, SIGINT, SIGTERM)
// keep what finished and resume to the same results, no process outlives
// its host, plugin folders others can write are refused, and output problems
// (unwritable folder, full disk, empty plan) fail clearly.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

using namespace std::chrono_literals;

#if TALLY_SANITIZE
// valgrind and AddressSanitizer do not mix.
constexpr const char* kExactCounter = "wall";
#else
constexpr const char* kExactCounter = "callgrind";
#endif

// Pids of the processes whose environment holds MARK=1: a host started
// with it, its workers, their guardians and anything a plugin forked.
std::vector<pid_t> marked_processes(const std::string& mark) {
  std::vector<pid_t> pids;
  const std::string needle = mark + "=1";
  DIR* proc = ::opendir("/proc");
  while (dirent* entry = proc ? ::readdir(proc) : nullptr) {
    pid_t pid = std::atoi(entry->d_name);
    if (pid <= 0) continue;
    std::string env =
        read_text("/proc/" + std::string(entry->d_name) + "/environ");
    std::string status =
        read_text("/proc/" + std::string(entry->d_name) + "/status");
    if (status.find("State:\tZ") != std::string::npos)
      continue;  // already dead
    for (size_t at = 0; at < env.size(); at = env.find('\0', at) + 1) {
      if (env.compare(at, needle.size() + 1, needle + '\0') == 0)
        pids.push_back(pid);
      if (env.find('\0', at) == std::string::npos) break;
    }
  }
  if (proc) ::closedir(proc);
  return pids;
}

// Waits up to `patience` for every marked process to be gone.
bool all_gone(const std::string& mark, std::chrono::seconds patience = 10s) {
  auto deadline = std::chrono::steady_clock::now() + patience;
  while (!marked_processes(mark).empty()) {
    if (std::chrono::steady_clock::now() > deadline) {
      for (pid_t pid : marked_processes(mark)) ::kill(pid, SIGKILL);
      return false;
    }
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

std::string unique_mark(const std::string& name) {
  return "TALLY_TEST_" + name + "_" + std::to_string(::getpid());
}

// A tally process running in the background, its output in files.
class Background {
 public:
  Background(const std::vector<std::string>& args, const std::string& mark,
             const std::string& dir)
      : dir_(dir) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setenv(mark.c_str(), "1", 1);
      int out = ::open((dir + "/out.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                       0644);
      int err = ::open((dir + "/err.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                       0644);
      ::dup2(out, 1);
      ::dup2(err, 2);
      std::vector<std::string> all = {TALLY_BINARY};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(TALLY_BINARY, argv.data());
      ::_exit(127);
    }
  }
  ~Background() {
    if (pid_ > 0 && !exit_code_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  void signal(int sig) { ::kill(pid_, sig); }
  // The exit code, or 128 + signal; -1 if still running after `patience`.
  int wait(std::chrono::seconds patience = 120s) {
    auto deadline = std::chrono::steady_clock::now() + patience;
    while (!exit_code_ && std::chrono::steady_clock::now() < deadline) {
      int raw = 0;
      if (::waitpid(pid_, &raw, WNOHANG) == pid_)
        exit_code_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
      else
        std::this_thread::sleep_for(20ms);
    }
    return exit_code_.value_or(-1);
  }
  std::string err() const { return read_text(dir_ + "/err.txt"); }

 private:
  std::string dir_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

size_t line_count(const std::string& path) {
  std::string text = read_text(path);
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Waits until `path` has at least `lines` lines.
bool wait_for_lines(const std::string& path, size_t lines,
                    std::chrono::seconds patience = 120s) {
  auto deadline = std::chrono::steady_clock::now() + patience;
  while (line_count(path) < lines) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
  return true;
}

std::vector<std::string> run_args(const std::string& yaml,
                                  const std::string& out,
                                  std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      "run",   yaml, "--no-default-plugins", "--plugins", loadable_plugins(),
      "--out", out};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

nlohmann::json results_json(const std::string& out) {
  std::string text = read_text(out + "/results.json");
  return text.empty() ? nlohmann::json() : nlohmann::json::parse(text);
}

std::map<std::string, std::string> statuses(const nlohmann::json& results) {
  std::map<std::string, std::string> out;
  for (const auto& c : results["cells"]) out[c["name"]] = c["status"];
  return out;
}

// The rows of results.csv whose value is exact: instruction counts.
std::set<std::string> exact_rows(const std::string& out) {
  std::set<std::string> rows;
  std::istringstream csv(read_text(out + "/results.csv"));
  for (std::string line; std::getline(csv, line);)
    if (line.find("instruction_count,") != std::string::npos) rows.insert(line);
  return rows;
}

// Three quick cells, then three slow ones: a host killed in the middle of
// the slow ones leaves a journal with some cells and a cell in flight.
const char* kSweep = R"(
defaults: {iterations: 2}
benchmarks:
  - {name: healthy_loop, params: {n: 1000}, label: a}
  - {name: healthy_loop, params: {n: 2000}, label: b}
  - {name: healthy_loop, params: {n: 3000}, label: c}
  - {name: slow_sleep, params: {ms: 300, n: 1000}, label: a}
  - {name: slow_sleep, params: {ms: 300, n: 2000}, label: b}
  - {name: slow_sleep, params: {ms: 300, n: 3000}, label: c}
)";

TEST(Resume, AfterSigkillGivesTheResultsOfAnUninterruptedRun) {
  std::string dir = make_temp_dir("resume");
  write_text(dir + "/m.yaml", kSweep);
  CliResult whole = run_tally(
      run_args(dir + "/m.yaml", dir + "/whole", {"--counter", kExactCounter}));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;

  const std::string mark = unique_mark("resume");
  const std::string out = dir + "/cut";
  {
    Background host(
        run_args(dir + "/m.yaml", out, {"--counter", kExactCounter}), mark,
        dir);
    ASSERT_TRUE(wait_for_lines(out + "/journal.jsonl", 4)) << host.err();
    host.signal(SIGKILL);
    EXPECT_EQ(host.wait(), 128 + SIGKILL);
  }
  EXPECT_TRUE(all_gone(mark)) << "a worker outlived its SIGKILLed host";
  const size_t before = line_count(out + "/journal.jsonl");
  ASSERT_LT(before, 6u) << "the host was killed too late to test anything";
  EXPECT_TRUE(read_text(out + "/results.json").empty());

  CliResult resumed = run_tally({"run", "--resume", out});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(
      resumed.err.find(std::to_string(before) + " cells already finished"),
      std::string::npos)
      << resumed.err;

  auto a = results_json(dir + "/whole"), b = results_json(out);
  EXPECT_EQ(statuses(a), statuses(b));
  EXPECT_EQ(b["cells"].size(), 6u);
  // The run it resumed, to a history: the id run.json kept.
  EXPECT_EQ(b["metadata"]["run_id"],
            nlohmann::json::parse(read_text(out + "/run.json"))["run_id"]);
  EXPECT_NE(b["metadata"]["run_id"], a["metadata"]["run_id"]);
  if (std::string(kExactCounter) == "callgrind") {
    EXPECT_EQ(exact_rows(dir + "/whole"), exact_rows(out));
    EXPECT_EQ(exact_rows(out).size(), 12u);  // total and compile_time per cell
  }
  // Each cell exactly once in the journal: finished ones were not rerun.
  std::multiset<std::string> names;
  std::istringstream journal(read_text(out + "/journal.jsonl"));
  for (std::string line; std::getline(journal, line);)
    names.insert(nlohmann::json::parse(line)["name"].get<std::string>());
  EXPECT_EQ(names.size(), 6u);
  for (const auto& name : names) EXPECT_EQ(names.count(name), 1u) << name;
}

TEST(Resume, ATornLastJournalLineIsMeasuredAgain) {
  std::string dir = make_temp_dir("resume-torn");
  write_text(dir + "/m.yaml", R"(
defaults: {iterations: 1, counter: wall}
benchmarks:
  - {name: healthy_loop, params: {n: 10}, label: a}
  - {name: healthy_loop, params: {n: 20}, label: b}
)");
  CliResult first = run_tally(run_args(dir + "/m.yaml", dir + "/out"));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  std::string journal = read_text(dir + "/out/journal.jsonl");
  std::string first_line = journal.substr(0, journal.find('\n') + 1);
  write_text(dir + "/out/journal.jsonl", first_line + "{\"name\":\"healthy_lo");
  CliResult resumed = run_tally({"run", "--resume", dir + "/out"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("1 cells already finished, 1 to measure"),
            std::string::npos)
      << resumed.err;
  EXPECT_EQ(line_count(dir + "/out/journal.jsonl"), 2u);
  EXPECT_EQ(results_json(dir + "/out")["cells"].size(), 2u);
}

TEST(Resume, RefusesAFolderWithoutRunFileAndExtraOptions) {
  std::string dir = make_temp_dir("resume-bad");
  CliResult none = run_tally({"run", "--resume", dir});
  EXPECT_EQ(none.exit_code, 8) << none.err;
  EXPECT_NE(none.err.find("has no run.json"), std::string::npos) << none.err;
  CliResult extra = run_tally({"run", "--resume", dir, "--iterations", "3"});
  EXPECT_EQ(extra.exit_code, 2) << extra.err;
  EXPECT_NE(extra.err.find("--resume takes no other option"),
            std::string::npos);
}

TEST(Resume, RefusesWhenTheConfigChanged) {
  std::string dir = make_temp_dir("resume-changed");
  write_text(dir + "/m.yaml", "benchmarks: [{name: healthy_empty}]\n");
  ASSERT_EQ(
      run_tally(run_args(dir + "/m.yaml", dir + "/out", {"--counter", "wall"}))
          .exit_code,
      0);
  write_text(dir + "/m.yaml", "benchmarks: [{name: healthy_loop}]\n");
  CliResult r = run_tally({"run", "--resume", dir + "/out"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("changed"), std::string::npos) << r.err;
}

class Interrupt : public ::testing::TestWithParam<int> {};

TEST_P(Interrupt, StopsWorkersKeepsFinishedCellsAndExits130) {
  std::string dir = make_temp_dir("interrupt-" + std::to_string(GetParam()));
  write_text(dir + "/m.yaml", R"(
defaults: {iterations: 1, counter: wall}
benchmarks:
  - {name: healthy_empty}
  - {name: slow_sleep, params: {ms: 60000}}
)");
  const std::string mark = unique_mark("interrupt");
  const std::string out = dir + "/out";
  Background host(run_args(dir + "/m.yaml", out), mark, dir);
  ASSERT_TRUE(wait_for_lines(out + "/journal.jsonl", 1)) << host.err();
  std::this_thread::sleep_for(300ms);  // the slow cell is running
  host.signal(GetParam());
  EXPECT_EQ(host.wait(30s), 130) << host.err();
  EXPECT_TRUE(all_gone(mark));
  auto cells = statuses(results_json(out));
  EXPECT_EQ(cells.size(), 1u);
  EXPECT_EQ(cells["healthy_empty_native"], "ok");
  EXPECT_NE(host.err().find("--resume " + out), std::string::npos)
      << host.err();
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupt, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& info) {
                           return info.param == SIGINT ? "SIGINT" : "SIGTERM";
                         });

TEST(Interrupt, SecondSigintLeavesAtOnceAndTakesTheWorkersAlong) {
  std::string dir = make_temp_dir("interrupt-twice");
  write_text(dir + "/m.yaml", R"(
defaults: {iterations: 1, counter: wall}
benchmarks: [{name: slow_sleep, params: {ms: 60000}}]
)");
  const std::string mark = unique_mark("twice");
  Background host(run_args(dir + "/m.yaml", dir + "/out"), mark, dir);
  ASSERT_TRUE(wait_for_lines(dir + "/err.txt", 3))
      << host.err();  // cell running
  host.signal(SIGINT);
  host.signal(SIGINT);
  EXPECT_EQ(host.wait(10s), 130) << host.err();
  EXPECT_TRUE(all_gone(mark));
}

TEST(Orphans, WhatAPluginForkedDiesWithItsSigkilledHost) {
  std::string dir = make_temp_dir("fork-kill");
  write_text(dir + "/m.yaml", R"(
defaults: {iterations: 1, counter: wall, timeout: 600}
benchmarks: [{name: hostile_fork}, {name: hostile_hang}]
)");
  const std::string mark = unique_mark("fork");
  {
    Background host(run_args(dir + "/m.yaml", dir + "/out"), mark, dir);
    // The fork cell finished: its child lives on while the hang cell runs.
    ASSERT_TRUE(wait_for_lines(dir + "/out/journal.jsonl", 1)) << host.err();
    ASSERT_GE(marked_processes(mark).size(),
              4u);  // host, worker, guardian, child
    host.signal(SIGKILL);
    host.wait();
  }
  EXPECT_TRUE(all_gone(mark)) << "a plugin's child outlived the SIGKILLed host";
}

// --- plugin trust ---------------------------------------------------------

std::string copied_healthy(const std::string& name) {
  std::string dir = make_temp_dir(name);
  std::system(
      ("cp " + loadable_plugins() + "/healthy.so " + quote(dir)).c_str());
  return dir;
}

std::string bad_reason(const CliResult& r, const std::string& path_end) {
  auto list = nlohmann::json::parse(r.out);
  for (const auto& bad : list["bad_files"]) {
    std::string path = bad["path"];
    if (path.size() >= path_end.size() &&
        path.compare(path.size() - path_end.size(), path_end.size(),
                     path_end) == 0)
      return bad["reason"];
  }
  return "";
}

TEST(PluginTrust, WorldWritableFolderIsRefusedWithTheFix) {
  std::string dir = copied_healthy("trust-folder");
  ::chmod(dir.c_str(), 0777);
  CliResult r =
      run_tally({"list", "--json", "--no-default-plugins", "--plugins", dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(nlohmann::json::parse(r.out)["plugins"].empty());
  std::string why = bad_reason(r, dir.substr(dir.rfind('/')));
  EXPECT_NE(why.find("writable by every user (mode 0777)"), std::string::npos)
      << r.out;
  EXPECT_NE(why.find("--allow-insecure-plugins"), std::string::npos) << why;
}

TEST(PluginTrust, GroupWritableFileIsRefused) {
  std::string dir = copied_healthy("trust-file");
  ::chmod((dir + "/healthy.so").c_str(), 0775);
  CliResult r =
      run_tally({"list", "--json", "--no-default-plugins", "--plugins", dir});
  EXPECT_NE(bad_reason(r, "/healthy.so").find("writable by its group"),
            std::string::npos)
      << r.out;
}

TEST(PluginTrust, FileOfAnotherUserIsRefused) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give a file away";
  std::string dir = copied_healthy("trust-owner");
  ASSERT_EQ(::chown((dir + "/healthy.so").c_str(), 65534, 65534), 0);
  CliResult r =
      run_tally({"list", "--json", "--no-default-plugins", "--plugins", dir});
  EXPECT_NE(
      bad_reason(r, "/healthy.so").find("belongs to another user (uid 65534)"),
      std::string::npos)
      << r.out;
}

TEST(PluginTrust, AllowInsecurePluginsLoadsThemOnListAndRun) {
  std::string dir = copied_healthy("trust-allow");
  ::chmod(dir.c_str(), 0777);
  CliResult list = run_tally({"list", "--json", "--no-default-plugins",
                              "--plugins", dir, "--allow-insecure-plugins"});
  EXPECT_EQ(nlohmann::json::parse(list.out)["plugins"].size(), 1u) << list.out;
  write_text(dir + "/m.yaml", "benchmarks: [{name: healthy_empty}]\n");
  std::vector<std::string> args = {"run",
                                   dir + "/m.yaml",
                                   "--no-default-plugins",
                                   "--plugins",
                                   dir,
                                   "--counter",
                                   "wall",
                                   "--out",
                                   dir + "/out"};
  CliResult refused = run_tally(args);
  EXPECT_EQ(refused.exit_code, 3) << refused.err;  // names no benchmark
  EXPECT_NE(refused.err.find("writable by every user"), std::string::npos)
      << refused.err;
  args.push_back("--allow-insecure-plugins");
  CliResult allowed = run_tally(args);
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
}

TEST(PluginTrust, TheTestBuildsOwnPluginFoldersPass) {
  CliResult r = run_tally({"list", "--json", "--no-default-plugins",
                           "--plugins", loadable_plugins()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(nlohmann::json::parse(r.out)["bad_files"].empty()) << r.out;
}

// --- output safety and plan -----------------------------------------------

TEST(OutputSafety, UnwritableOutFailsBeforeAnyCellRuns) {
  std::string dir = make_temp_dir("unwritable");
  write_text(dir + "/m.yaml", "benchmarks: [{name: healthy_empty}]\n");
  write_text(dir + "/file", "a file, not a folder\n");
  CliResult r = run_tally(
      run_args(dir + "/m.yaml", dir + "/file/out", {"--counter", "wall"}));
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_NE(r.err.find("cannot create results folder"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("running"), std::string::npos)
      << "a cell ran: " << r.err;
}

TEST(OutputSafety, FullDiskFailsAtTheFirstFailedWriteAndKeepsTheJournal) {
  std::string dir = make_temp_dir("full");
  std::string yaml = "defaults: {iterations: 1, counter: wall}\nbenchmarks:\n";
  for (int i = 0; i < 40; ++i)
    yaml += "  - {name: healthy_loop, params: {n: " + std::to_string(10 + i) +
            "}, label: l" + std::to_string(i) + "}\n";
  write_text(dir + "/m.yaml", yaml);
  // 16 blocks of 512 bytes: room for run.json and a few journal lines.
  CliResult r =
      run_tally(run_args(dir + "/m.yaml", dir + "/out"), "ulimit -f 16;");
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--resume"), std::string::npos) << r.err;
  const size_t kept = line_count(dir + "/out/journal.jsonl");
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, 40u);
  // With room again, the run resumes from what was kept.
  CliResult resumed = run_tally({"run", "--resume", dir + "/out"});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(results_json(dir + "/out")["cells"].size(), 40u);
}

TEST(EmptyPlan, EverySkippedPointIsAnEmptyPlanWithItsOwnCode) {
  std::string dir = make_temp_dir("empty-plan");
  write_text(dir + "/m.yaml",
             "matrix: {device: [cuda]}\nbenchmarks: [{name: healthy_empty}]\n");
  CliResult r =
      run_tally(run_args(dir + "/m.yaml", dir + "/out", {"--counter", "wall"}));
  EXPECT_EQ(r.exit_code, 7) << r.err;
  EXPECT_NE(
      r.err.find(
          "zero cells to measure (1 skipped, e.g. healthy_empty_native_gpu"),
      std::string::npos)
      << r.err;
}

TEST(EmptyPlan, FilterMatchingNothingIsAnEmptyPlan) {
  std::string dir = make_temp_dir("empty-filter");
  write_text(dir + "/m.yaml", "benchmarks: [{name: healthy_empty}]\n");
  CliResult r =
      run_tally(run_args(dir + "/m.yaml", dir + "/out",
                         {"--counter", "wall", "--filter", "^nothing"}));
  EXPECT_EQ(r.exit_code, 7) << r.err;
  EXPECT_NE(r.err.find("after --filter '^nothing'"), std::string::npos)
      << r.err;
}

TEST(MemoryLimit, FlagOverridesTheConfigAndIsReported) {
#if TALLY_SANITIZE
  GTEST_SKIP()
      << "AddressSanitizer's shadow memory rules out address-space limits";
#endif
  std::string dir = make_temp_dir("memory");
  write_text(dir + "/m.yaml", R"(
defaults: {iterations: 1, counter: wall, memory_limit: 100000}
benchmarks: [{name: hostile_oom}, {name: hostile_ok}]
)");
  const std::string mark = unique_mark("memory");
  CliResult r = run_tally(
      run_args(dir + "/m.yaml", dir + "/out", {"--memory-limit", "300"}),
      mark + "=1");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto results = results_json(dir + "/out");
  for (const auto& c : results["cells"]) {
    if (c["name"] == "hostile_oom_native")
      EXPECT_NE(c["reason"].get<std::string>().find(
                    "exceeded its memory limit of 300 MiB"),
                std::string::npos)
          << c;
    else
      EXPECT_EQ(c["status"], "ok") << c;
  }
  EXPECT_TRUE(all_gone(mark));
  CliResult bad = run_tally(
      run_args(dir + "/m.yaml", dir + "/out2", {"--memory-limit", "1"}));
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

}  // namespace
}  // namespace tally::test

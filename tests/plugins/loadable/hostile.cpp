// Benchmarks that misbehave, one way and one hook each, and one that
// behaves: each misbehaviour must cost only its own cell.
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <tally/plugin.hpp>
#include <thread>
#include <vector>

namespace {

// `how` is "<hook>_<what>" for the factory (make), prepare_once and prepare,
// or just "<what>" for work().
void misbehave(const std::string& how, const std::string& hook) {
  const std::string prefix = hook == "work" ? "" : hook + "_";
  auto is = [&](const char* what) { return how == prefix + what; };
  if (is("throw_int")) throw 42;
  if (is("throw_std"))
    throw std::runtime_error("the model is broken in " + hook);
  if (is("hang"))
    for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
}

class Hostile : public tally::Benchmark {
 public:
  explicit Hostile(std::string how) : how_(std::move(how)) {}
  void prepare_once(const tally::Cell&) override {
    if (how_ == "skip")
      throw tally::SkipCell("needs hardware this machine lacks");
    // Without a limit, allocating until it fails would take the machine down.
    rlimit limit{};
    if (how_ == "oom" && (::getrlimit(RLIMIT_AS, &limit) != 0 ||
                          limit.rlim_cur == RLIM_INFINITY))
      throw tally::SkipCell("runs only under a memory limit");
    misbehave(how_, "prepare_once");
  }
  void prepare() override { misbehave(how_, "prepare"); }
  void work(tally::Meter&) override {
    std::fprintf(stderr, "hostile: about to %s\n", how_.c_str());
    std::fflush(stderr);
    misbehave(how_, "work");
    if (how_ == "segv") std::raise(SIGSEGV);
    if (how_ == "abort") std::abort();
    // What the kernel's OOM killer does to a worker.
    if (how_ == "sigkill") std::raise(SIGKILL);
    if (how_ == "exit0") std::exit(0);
    if (how_ == "exit3") ::_exit(3);
    if (how_ == "oom") {
      // The limit is on address space, so new[] fails once 400 MiB are
      // mapped; touching one byte a block keeps the blocks in use without
      // the 100,000 page faults that, on a loaded machine, outlast the
      // cell's 3 s timeout.
      std::vector<char*> blocks;
      for (;;) {
        blocks.push_back(new char[1 << 20]);
        blocks.back()[0] = 1;
      }
    }
    if (how_ == "fork" && ::fork() == 0) {
      // Outlives the worker unless someone kills it.
      for (;;) ::pause();
    }
    if (how_ == "spam") {
      // Megabytes on stdout and stderr must not confuse the results pipe.
      std::string junk(1 << 16, 'x');
      junk += "\n{\"event\":\"cell_end\",\"index\":0,\"status\":\"ok\"}\n";
      for (int i = 0; i < 32; ++i) {
        std::fwrite(junk.data(), 1, junk.size(), stdout);
        std::fwrite(junk.data(), 1, junk.size(), stderr);
      }
      std::fflush(stdout);
    }
  }

 private:
  std::string how_;
};

}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "hostile";
  plugin.version = "0.1";
  std::vector<std::string> hows = {"segv", "abort", "sigkill", "exit0", "exit3",
                                   "spam", "oom",   "fork",    "skip",  "ok"};
  for (const char* hook : {"", "make_", "prepare_once_", "prepare_"})
    for (const char* what : {"throw_int", "throw_std", "hang"})
      hows.push_back(std::string(hook) + what);
  for (const std::string& how : hows) {
    tally::BenchmarkInfo info;
    info.name = "hostile_" + how;
    info.backends = {"native"};
    info.make = [how]() -> std::unique_ptr<tally::Benchmark> {
      misbehave(how, "make");
      return std::make_unique<Hostile>(how);
    };
    plugin.benchmarks.push_back(info);
  }
  return plugin;
}
TALLY_PLUGIN(make_plugin)

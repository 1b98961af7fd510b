// Benchmarks that misbehave in work(), one way each, and one that behaves:
// each misbehaviour must cost only its own cell.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <tally/plugin.hpp>
#include <thread>

namespace {

class Hostile : public tally::Benchmark {
 public:
  explicit Hostile(std::string how) : how_(std::move(how)) {}
  void prepare_once(const tally::Cell&) override {
    if (how_ == "skip") throw tally::SkipCell("needs hardware this machine lacks");
  }
  void work(tally::Meter&) override {
    std::fprintf(stderr, "hostile: about to %s\n", how_.c_str());
    std::fflush(stderr);
    if (how_ == "segv") std::raise(SIGSEGV);
    if (how_ == "abort") std::abort();
    if (how_ == "throw_int") throw 42;
    if (how_ == "throw_std") throw std::runtime_error("the model is broken");
    if (how_ == "exit0") std::exit(0);
    if (how_ == "hang")
      for (;;) std::this_thread::sleep_for(std::chrono::seconds(1));
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
  for (std::string how : {"segv", "abort", "throw_int", "throw_std", "exit0",
                          "hang", "spam", "skip", "ok"}) {
    tally::BenchmarkInfo info;
    info.name = "hostile_" + how;
    info.backends = {"native"};
    info.make = [how] { return std::make_unique<Hostile>(how); };
    plugin.benchmarks.push_back(info);
  }
  return plugin;
}
TALLY_PLUGIN(make_plugin)

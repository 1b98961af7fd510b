// A healthy benchmark that takes a while: gives tests time to interrupt a
// sweep in the middle of a cell.
#include <chrono>
#include <tally/plugin.hpp>
#include <thread>

namespace {

class Slow : public tally::Benchmark {
 public:
  void prepare_once(const tally::Cell& cell) override {
    ms_ = cell.params.get<std::int64_t>("ms");
    n_ = cell.params.get<std::int64_t>("n");
  }
  void work(tally::Meter& meter) override {
    {
      tally::Region region(meter, "compile_time");
      for (std::int64_t i = 0; i < n_; ++i) tally::do_not_optimize(i);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(ms_));
  }

 private:
  std::int64_t ms_ = 0, n_ = 0;
};

}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "slow";
  plugin.version = "1.0";
  tally::BenchmarkInfo info;
  info.name = "slow_sleep";
  info.description = "spins n times in compile_time, then sleeps ms";
  info.backends = {"native"};
  info.regions = {"compile_time"};
  info.params = {{"ms", std::int64_t{500}, "sleep per iteration", 0, 60000},
                 {"n", std::int64_t{1000}, "loop length", 1, 1e9}};
  info.make = [] { return std::make_unique<Slow>(); };
  plugin.benchmarks.push_back(info);
  return plugin;
}
TALLY_PLUGIN(make_plugin)

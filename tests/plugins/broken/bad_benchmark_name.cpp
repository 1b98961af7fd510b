// A benchmark whose name would split a results.csv row in two.
#include <tally/plugin.hpp>

namespace {
class Nop : public tally::Benchmark {
 public:
  void work(tally::Meter&) override {}
};
}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "bad_benchmark_name";
  tally::BenchmarkInfo info;
  info.name = "add,loop";
  info.backends = {"native"};
  info.make = [] { return std::make_unique<Nop>(); };
  plugin.benchmarks.push_back(info);
  return plugin;
}
TALLY_PLUGIN(make_plugin)

// A benchmark whose name is empty.
#include <tally/plugin.hpp>

namespace {
class Nop : public tally::Benchmark {
 public:
  void work(tally::Meter&) override {}
};
}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "empty_benchmark_name";
  tally::BenchmarkInfo info;
  info.backends = {"native"};
  info.make = [] { return std::make_unique<Nop>(); };
  plugin.benchmarks.push_back(info);
  return plugin;
}
TALLY_PLUGIN(make_plugin)

// Returns a Plugin without a name.
#include <tally/plugin.hpp>

namespace {
class Nop : public tally::Benchmark {
 public:
  void work(tally::Meter&) override {}
};
}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  tally::BenchmarkInfo info;
  info.name = "nameless";
  info.backends = {"native"};
  info.make = [] { return std::make_unique<Nop>(); };
  plugin.benchmarks.push_back(info);
  return plugin;
}
TALLY_PLUGIN(make_plugin)

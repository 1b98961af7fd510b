// Exports the right ABI symbol but returns a Plugin claiming version 0.
#include <tally/plugin.hpp>

namespace {
class Nop : public tally::Benchmark {
 public:
  void work(tally::Meter&) override {}
};
}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.abi_version = 0;
  plugin.name = "struct_abi_0";
  tally::BenchmarkInfo info;
  info.name = "struct_abi_0_bench";
  info.backends = {"native"};
  info.make = [] { return std::make_unique<Nop>(); };
  plugin.benchmarks.push_back(info);
  return plugin;
}
TALLY_PLUGIN(make_plugin)

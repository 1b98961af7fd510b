// Exports the right ABI symbol but returns a Plugin claiming version 999.
#include <tally/plugin.hpp>

namespace {
class Nop : public tally::Benchmark {
 public:
  void work(tally::Meter&) override {}
};
}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.abi_version = 999;
  plugin.name = "struct_abi_999";
  tally::BenchmarkInfo info;
  info.name = "struct_abi_999_bench";
  info.backends = {"native"};
  info.make = [] { return std::make_unique<Nop>(); };
  plugin.benchmarks.push_back(info);
  return plugin;
}
TALLY_PLUGIN(make_plugin)

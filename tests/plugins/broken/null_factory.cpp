// A benchmark without a factory (BenchmarkInfo::make left empty).
#include <tally/plugin.hpp>

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "null_factory";
  tally::BenchmarkInfo info;
  info.name = "no_make";
  info.backends = {"native"};
  plugin.benchmarks.push_back(info);
  return plugin;
}
TALLY_PLUGIN(make_plugin)

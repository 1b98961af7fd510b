#include "runtime_overhead/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "runtime_overhead";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::runtime_overhead::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

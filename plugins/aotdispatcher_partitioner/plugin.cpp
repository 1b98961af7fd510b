#include "aotdispatcher_partitioner/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "aotdispatcher_partitioner";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::aotdispatcher_partitioner::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

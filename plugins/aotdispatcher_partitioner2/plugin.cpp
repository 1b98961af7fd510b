#include "aotdispatcher_partitioner2/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "aotdispatcher_partitioner2";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::aotdispatcher_partitioner2::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

#include "dynamo_inline/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "dynamo_inline";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::dynamo_inline::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

#include "symint_sum/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "symint_sum";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::symint_sum::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

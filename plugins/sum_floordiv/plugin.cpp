#include "sum_floordiv/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "sum_floordiv";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::sum_floordiv::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

#include "float_args/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "float_args";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::float_args::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

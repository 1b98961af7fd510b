#include "autograd_function/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "autograd_function";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::autograd_function::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

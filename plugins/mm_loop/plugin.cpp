#include "mm_loop/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "mm_loop";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::mm_loop::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

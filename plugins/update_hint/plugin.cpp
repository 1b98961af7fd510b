#include "update_hint/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "update_hint";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::update_hint::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

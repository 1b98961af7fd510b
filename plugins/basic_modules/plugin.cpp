#include "basic_modules/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "basic_modules";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::basic_modules::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

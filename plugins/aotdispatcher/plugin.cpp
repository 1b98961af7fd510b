#include "aotdispatcher/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "aotdispatcher";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::aotdispatcher::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

#include "unbind_split_flip_cat/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "unbind_split_flip_cat";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::unbind_split_flip_cat::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

#include "deep_nested_module/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "deep_nested_module";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::deep_nested_module::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

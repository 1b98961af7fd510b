#include "diffusion_dit/model.hpp"

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "diffusion_dit";
  plugin.version = "1.0";
  plugin.benchmarks = tally::plugins::diffusion_dit::benchmarks();
  return plugin;
}

TALLY_PLUGIN(make_plugin)

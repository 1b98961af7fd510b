// The benchmarks of plugin diffusion_dit (see model.cpp).
#ifndef TALLY_PLUGINS_DIFFUSION_DIT_MODEL_HPP
#define TALLY_PLUGINS_DIFFUSION_DIT_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::diffusion_dit {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::diffusion_dit

#endif  // TALLY_PLUGINS_DIFFUSION_DIT_MODEL_HPP

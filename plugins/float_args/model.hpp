// The benchmarks of plugin float_args (see model.cpp).
#ifndef TALLY_PLUGINS_FLOAT_ARGS_MODEL_HPP
#define TALLY_PLUGINS_FLOAT_ARGS_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::float_args {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::float_args

#endif  // TALLY_PLUGINS_FLOAT_ARGS_MODEL_HPP

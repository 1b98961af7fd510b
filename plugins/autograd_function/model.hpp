// The benchmarks of plugin autograd_function (see model.cpp).
#ifndef TALLY_PLUGINS_AUTOGRAD_FUNCTION_MODEL_HPP
#define TALLY_PLUGINS_AUTOGRAD_FUNCTION_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::autograd_function {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::autograd_function

#endif  // TALLY_PLUGINS_AUTOGRAD_FUNCTION_MODEL_HPP

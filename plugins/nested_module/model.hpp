// The benchmarks of plugin nested_module (see model.cpp).
#ifndef TALLY_PLUGINS_NESTED_MODULE_MODEL_HPP
#define TALLY_PLUGINS_NESTED_MODULE_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::nested_module {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::nested_module

#endif  // TALLY_PLUGINS_NESTED_MODULE_MODEL_HPP

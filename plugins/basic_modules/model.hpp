// The benchmarks of plugin basic_modules (see model.cpp).
#ifndef TALLY_PLUGINS_BASIC_MODULES_MODEL_HPP
#define TALLY_PLUGINS_BASIC_MODULES_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::basic_modules {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::basic_modules

#endif  // TALLY_PLUGINS_BASIC_MODULES_MODEL_HPP

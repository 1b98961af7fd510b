// The benchmarks of plugin symint_sum (see model.cpp).
#ifndef TALLY_PLUGINS_SYMINT_SUM_MODEL_HPP
#define TALLY_PLUGINS_SYMINT_SUM_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::symint_sum {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::symint_sum

#endif  // TALLY_PLUGINS_SYMINT_SUM_MODEL_HPP

// The benchmarks of plugin sum_floordiv (see model.cpp).
#ifndef TALLY_PLUGINS_SUM_FLOORDIV_MODEL_HPP
#define TALLY_PLUGINS_SUM_FLOORDIV_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::sum_floordiv {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::sum_floordiv

#endif  // TALLY_PLUGINS_SUM_FLOORDIV_MODEL_HPP

// The benchmarks of plugin runtime_overhead (see model.cpp).
#ifndef TALLY_PLUGINS_RUNTIME_OVERHEAD_MODEL_HPP
#define TALLY_PLUGINS_RUNTIME_OVERHEAD_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::runtime_overhead {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::runtime_overhead

#endif  // TALLY_PLUGINS_RUNTIME_OVERHEAD_MODEL_HPP

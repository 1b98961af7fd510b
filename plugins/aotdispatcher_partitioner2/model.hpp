// The benchmarks of plugin aotdispatcher_partitioner2 (see model.cpp).
#ifndef TALLY_PLUGINS_AOTDISPATCHER_PARTITIONER2_MODEL_HPP
#define TALLY_PLUGINS_AOTDISPATCHER_PARTITIONER2_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::aotdispatcher_partitioner2 {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::aotdispatcher_partitioner2

#endif  // TALLY_PLUGINS_AOTDISPATCHER_PARTITIONER2_MODEL_HPP

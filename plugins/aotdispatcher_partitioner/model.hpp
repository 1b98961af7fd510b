// The benchmarks of plugin aotdispatcher_partitioner (see model.cpp).
#ifndef TALLY_PLUGINS_AOTDISPATCHER_PARTITIONER_MODEL_HPP
#define TALLY_PLUGINS_AOTDISPATCHER_PARTITIONER_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::aotdispatcher_partitioner {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::aotdispatcher_partitioner

#endif  // TALLY_PLUGINS_AOTDISPATCHER_PARTITIONER_MODEL_HPP

// The benchmarks of plugin aotdispatcher (see model.cpp).
#ifndef TALLY_PLUGINS_AOTDISPATCHER_MODEL_HPP
#define TALLY_PLUGINS_AOTDISPATCHER_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::aotdispatcher {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::aotdispatcher

#endif  // TALLY_PLUGINS_AOTDISPATCHER_MODEL_HPP

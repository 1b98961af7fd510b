// The benchmarks of plugin update_hint (see model.cpp).
#ifndef TALLY_PLUGINS_UPDATE_HINT_MODEL_HPP
#define TALLY_PLUGINS_UPDATE_HINT_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::update_hint {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::update_hint

#endif  // TALLY_PLUGINS_UPDATE_HINT_MODEL_HPP

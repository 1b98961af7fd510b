// The benchmarks of plugin unbind_split_flip_cat (see model.cpp).
#ifndef TALLY_PLUGINS_UNBIND_SPLIT_FLIP_CAT_MODEL_HPP
#define TALLY_PLUGINS_UNBIND_SPLIT_FLIP_CAT_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::unbind_split_flip_cat {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::unbind_split_flip_cat

#endif  // TALLY_PLUGINS_UNBIND_SPLIT_FLIP_CAT_MODEL_HPP

// The benchmarks of plugin add_loop (see model.cpp).
#ifndef TALLY_PLUGINS_ADD_LOOP_MODEL_HPP
#define TALLY_PLUGINS_ADD_LOOP_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::add_loop {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::add_loop

#endif  // TALLY_PLUGINS_ADD_LOOP_MODEL_HPP

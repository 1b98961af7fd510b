// The benchmarks of plugin mm_loop (see model.cpp).
#ifndef TALLY_PLUGINS_MM_LOOP_MODEL_HPP
#define TALLY_PLUGINS_MM_LOOP_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::mm_loop {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::mm_loop

#endif  // TALLY_PLUGINS_MM_LOOP_MODEL_HPP

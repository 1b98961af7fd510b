// The benchmarks of plugin dynamo_inline (see model.cpp).
#ifndef TALLY_PLUGINS_DYNAMO_INLINE_MODEL_HPP
#define TALLY_PLUGINS_DYNAMO_INLINE_MODEL_HPP

#include <tally/plugin.hpp>
#include <vector>

namespace tally::plugins::dynamo_inline {

std::vector<tally::BenchmarkInfo> benchmarks();

}  // namespace tally::plugins::dynamo_inline

#endif  // TALLY_PLUGINS_DYNAMO_INLINE_MODEL_HPP

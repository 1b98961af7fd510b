// Throws a std::exception from a static initialiser, while the library loads.
#include <stdexcept>
#include <tally/plugin.hpp>

namespace {
const int kBoom = []() -> int {
  throw std::runtime_error("static init failed");
}();
}  // namespace

tally::Plugin make_plugin() { return {}; }
TALLY_PLUGIN(make_plugin)

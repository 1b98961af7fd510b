// Throws a non-standard exception from a static initialiser.
#include <tally/plugin.hpp>

namespace {
const int kBoom = []() -> int { throw 42; }();
}  // namespace

tally::Plugin make_plugin() { return {}; }
TALLY_PLUGIN(make_plugin)

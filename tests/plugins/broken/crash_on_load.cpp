// Crashes in a static initialiser, while the library loads.
#include <csignal>
#include <tally/plugin.hpp>

namespace {
const int kBoom = [] {
  std::raise(SIGSEGV);
  return 0;
}();
}  // namespace

tally::Plugin make_plugin() { return {}; }
TALLY_PLUGIN(make_plugin)

// Never finishes a static initialiser: loading the library hangs.
#include <unistd.h>

#include <tally/plugin.hpp>

namespace {
const int kNever = [] {
  for (;;) ::pause();
  return 0;
}();
}  // namespace

tally::Plugin make_plugin() { return {}; }
TALLY_PLUGIN(make_plugin)

// Uses a function no library provides (built without --no-undefined).
#include <tally/plugin.hpp>

extern "C" int tally_test_missing_function();

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "unresolved";
  plugin.version = std::to_string(tally_test_missing_function());
  return plugin;
}
TALLY_PLUGIN(make_plugin)

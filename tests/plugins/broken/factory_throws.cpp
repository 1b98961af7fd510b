// Its factory throws a non-standard exception.
#include <tally/plugin.hpp>

tally::Plugin make_plugin() { throw 42; }
TALLY_PLUGIN(make_plugin)

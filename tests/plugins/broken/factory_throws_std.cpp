// Its factory throws a std::exception.
#include <stdexcept>
#include <tally/plugin.hpp>

tally::Plugin make_plugin() { throw std::runtime_error("no GPU driver found"); }
TALLY_PLUGIN(make_plugin)

// Built with -D_GLIBCXX_USE_CXX11_ABI=0 (see tests/CMakeLists.txt): its
// std::string has the old 8-byte layout, which the host must not read as
// its own.
#include <cstdlib>
#include <tally/plugin.hpp>

// Never called: the host refuses the ABI tag before running the factory.
tally::Plugin make_plugin() { std::abort(); }
TALLY_PLUGIN(make_plugin)

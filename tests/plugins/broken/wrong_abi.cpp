// Exports the entry points of a future SDK version.
#include <tally/plugin.hpp>

tally::Plugin make_plugin() { return {}; }
BOOST_DLL_ALIAS_SECTIONED(make_plugin, tally_plugin, tally)
extern "C" BOOST_SYMBOL_EXPORT const std::uint32_t tally_abi_version;
extern "C" BOOST_SYMBOL_EXPORT const std::uint32_t tally_abi_version = 999;

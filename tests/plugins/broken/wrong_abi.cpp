// Exports the entry point of a future SDK version.
#include <tally/plugin.hpp>

namespace {
tally::Plugin make_plugin() { return {}; }
}  // namespace

extern "C" const tally::PluginLibraryInfo* tally_plugin_library_info() {
  static constexpr tally::PluginLibraryInfo info{999, tally::kAbiTag,
                                                 &make_plugin};
  return &info;
}

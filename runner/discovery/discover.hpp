// Discovery: every *.so in the plugin folders is loaded in a probe worker,
// never in the host, and described; bad files are named with a reason.
#ifndef TALLY_DISCOVERY_DISCOVER_HPP
#define TALLY_DISCOVERY_DISCOVER_HPP

#include <string>
#include <vector>

#include "discovery/catalog.hpp"

namespace tally {

/// Probes every plugin file in `folders` (see plugin_search_path). A file
/// that crashes or hangs the probe is reported bad and probing goes on.
Catalog discover_plugins(const std::vector<std::string>& folders,
                         bool allow_insecure = false);

}  // namespace tally

#endif  // TALLY_DISCOVERY_DISCOVER_HPP

// Discovery: every *.so in the plugin folders is loaded in a probe worker,
// never in the host, and described; bad files are named with a reason.
#ifndef TALLY_DISCOVERY_DISCOVER_HPP
#define TALLY_DISCOVERY_DISCOVER_HPP

#include <optional>
#include <string>
#include <vector>

#include "discovery/catalog.hpp"

namespace tally {

/// Probes every plugin file in `folders` (see plugin_search_path). A file
/// that crashes, or takes longer than `probe_timeout_s` to load (default
/// $TALLY_PROBE_TIMEOUT, else 60 s), is reported bad and probing goes on.
Catalog discover_plugins(const std::vector<std::string>& folders,
                         bool allow_insecure = false,
                         std::optional<double> probe_timeout_s = std::nullopt);

}  // namespace tally

#endif  // TALLY_DISCOVERY_DISCOVER_HPP

// What discovery found: the plugins (as descriptors, no code) and the files
// that are not usable plugins, each with a reason.
#ifndef TALLY_DISCOVERY_CATALOG_HPP
#define TALLY_DISCOVERY_CATALOG_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "protocol/plugin_manifest.hpp"

namespace tally {

struct BadPluginFile {
  std::string path, reason;
};

struct Catalog {
  std::vector<PluginManifest> plugins;
  std::vector<BadPluginFile> bad;
};

/// `tally list --json`: the plugins and the bad files.
nlohmann::json to_json(const Catalog& catalog);

}  // namespace tally

#endif  // TALLY_DISCOVERY_CATALOG_HPP

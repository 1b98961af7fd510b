// What discovery found: the plugins (as descriptors, no code) and the files
// that are not usable plugins, each with a reason.
#ifndef TALLY_DISCOVERY_CATALOG_HPP
#define TALLY_DISCOVERY_CATALOG_HPP

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tally/plugin.hpp"

namespace tally {

/// BenchmarkInfo without its factory: what the host needs to plan cells.
struct BenchmarkDescriptor {
  std::string name, description;
  std::vector<std::string> backends, devices;
  std::vector<bool> dynamic;
  std::vector<std::string> regions;
  std::map<std::string, std::vector<std::string>> backend_regions;
  std::vector<ParamSpec> params;

  const std::vector<std::string>& regions_for(const std::string& backend) const;
};

struct PluginDescriptor {
  std::string path;  // the .so file
  std::string name, version;
  std::vector<BenchmarkDescriptor> benchmarks;
};

struct BadPluginFile {
  std::string path, reason;
};

struct Catalog {
  std::vector<PluginDescriptor> plugins;
  std::vector<BadPluginFile> bad;
};

BenchmarkDescriptor describe(const BenchmarkInfo& info);

nlohmann::json to_json(const ParamValue& value);
/// Rejects (returns false) JSON that is not a bool, integer, float or string.
bool from_json(const nlohmann::json& json, ParamValue& value);
std::string param_type_name(const ParamValue& value);
std::string param_to_string(const ParamValue& value);

nlohmann::json to_json(const PluginDescriptor& plugin);
PluginDescriptor plugin_from_json(const nlohmann::json& json);
nlohmann::json to_json(const Catalog& catalog);

}  // namespace tally

#endif  // TALLY_DISCOVERY_CATALOG_HPP

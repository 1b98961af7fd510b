// A plugin's manifest, as the host knows it: what a probe worker found in the .so,
// without any of its code. Sent by probes, listed by `tally list`, planned
// over by the matrix expander.
#ifndef TALLY_PROTOCOL_PLUGIN_MANIFEST_HPP
#define TALLY_PROTOCOL_PLUGIN_MANIFEST_HPP

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tally/plugin.hpp"

namespace tally {

/// BenchmarkInfo without its factory: what the host needs to plan cells.
struct BenchmarkManifest {
  std::string name, description;
  std::vector<std::string> backends, devices;
  std::vector<bool> dynamic;
  std::vector<std::string> regions;
  std::map<std::string, std::vector<std::string>> backend_regions;
  std::vector<ParamSpec> params;
  std::string result_name;  // BenchmarkInfo::result_name

  const std::vector<std::string>& regions_for(const std::string& backend) const;
};

struct PluginManifest {
  std::string path;  // the .so file, or a Python benchmark file
  std::string name, version;
  std::vector<BenchmarkManifest> benchmarks;
  /// For a Python benchmark file: the python.so that runs it (set by the
  /// host, not sent by probes); "" for a .so.
  std::string python_plugin;
};

BenchmarkManifest describe(const BenchmarkInfo& info);

void to_json(nlohmann::json& j, const PluginManifest& plugin);
/// Throws ProtocolError naming the field that is missing or of a wrong type.
void decode(const nlohmann::json& j, PluginManifest& plugin);

}  // namespace tally

#endif  // TALLY_PROTOCOL_PLUGIN_MANIFEST_HPP

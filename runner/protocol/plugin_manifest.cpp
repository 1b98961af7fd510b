#include "protocol/plugin_manifest.hpp"

#include "core/param_json.hpp"
#include "protocol/wire.hpp"

namespace tally {

using nlohmann::json;

const std::vector<std::string>& BenchmarkManifest::regions_for(
    const std::string& backend) const {
  auto it = backend_regions.find(backend);
  return it == backend_regions.end() ? regions : it->second;
}

BenchmarkManifest describe(const BenchmarkInfo& info) {
  return {info.name,    info.description, info.backends,
          info.devices, info.dynamic,     info.regions,
          info.backend_regions, info.params, info.result_name};
}

namespace {

json param_json(const ParamSpec& p) {
  json param = {{"name", p.name},
                {"default", to_json(p.default_value)},
                {"type", param_type_name(p.default_value)},
                {"description", p.description}};
  if (p.min) param["min"] = *p.min;
  if (p.max) param["max"] = *p.max;
  return param;
}

void decode_param(const json& j, ParamSpec& spec) {
  require_object(j);
  std::string name, description;
  decode_field(j, "name", name);
  decode_field(j, "description", description);
  ParamValue value;
  if (!j.contains("default") || !from_json(j.at("default"), value))
    throw ProtocolError("default",
                        "missing, or not a boolean, number or string");
  spec = ParamSpec(name, value, description);
  if (j.contains("min")) decode_field(j, "min", spec.min.emplace());
  if (j.contains("max")) decode_field(j, "max", spec.max.emplace());
}

void decode_benchmark(const json& j, BenchmarkManifest& d) {
  require_object(j);
  decode_field(j, "name", d.name);
  decode_field(j, "description", d.description);
  decode_field(j, "backends", d.backends);
  decode_field(j, "devices", d.devices);
  decode_field(j, "regions", d.regions);
  decode_field(j, "backend_regions", d.backend_regions);
  d.result_name.clear();
  if (j.contains("result_name")) decode_field(j, "result_name", d.result_name);
  // std::vector<bool> has no reference to decode into.
  std::vector<int> dynamic;
  const json& flags = j.contains("dynamic") ? j.at("dynamic") : json();
  if (!flags.is_array()) throw ProtocolError("dynamic", "expected an array");
  d.dynamic.clear();
  for (size_t i = 0; i < flags.size(); ++i) {
    if (!flags[i].is_boolean())
      throw ProtocolError("dynamic[" + std::to_string(i) + "]",
                          "expected a boolean, got " + json_kind(flags[i]));
    d.dynamic.push_back(flags[i].get<bool>());
  }
  const json& params = j.contains("params") ? j.at("params") : json();
  if (!params.is_array()) throw ProtocolError("params", "expected an array");
  d.params.clear();
  for (size_t i = 0; i < params.size(); ++i) {
    try {
      decode_param(params[i], d.params.emplace_back("", ParamValue{}, ""));
    } catch (const ProtocolError& e) {
      throw e.within("params[" + std::to_string(i) + "]");
    }
  }
}

}  // namespace

void to_json(json& j, const PluginManifest& plugin) {
  json benchmarks = json::array();
  for (const auto& b : plugin.benchmarks) {
    json params = json::array();
    for (const auto& p : b.params) params.push_back(param_json(p));
    benchmarks.push_back({{"name", b.name},
                          {"description", b.description},
                          {"backends", b.backends},
                          {"devices", b.devices},
                          {"dynamic", b.dynamic},
                          {"regions", b.regions},
                          {"backend_regions", b.backend_regions},
                          {"params", params}});
    if (!b.result_name.empty())
      benchmarks.back()["result_name"] = b.result_name;
  }
  j = {{"path", plugin.path},
       {"name", plugin.name},
       {"version", plugin.version},
       {"benchmarks", benchmarks}};
}

void decode(const json& j, PluginManifest& plugin) {
  require_object(j);
  decode_field(j, "path", plugin.path);
  decode_field(j, "name", plugin.name);
  decode_field(j, "version", plugin.version);
  const json& list = j.contains("benchmarks") ? j.at("benchmarks") : json();
  if (!list.is_array())
    throw ProtocolError("benchmarks", "missing, or not an array");
  plugin.benchmarks.assign(list.size(), {});
  for (size_t i = 0; i < list.size(); ++i) {
    try {
      decode_benchmark(list[i], plugin.benchmarks[i]);
    } catch (const ProtocolError& e) {
      throw e.within("benchmarks[" + std::to_string(i) + "]");
    }
  }
}

}  // namespace tally

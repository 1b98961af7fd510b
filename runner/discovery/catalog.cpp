#include "discovery/catalog.hpp"

#include <sstream>

namespace tally {

using nlohmann::json;

const std::vector<std::string>& BenchmarkDescriptor::regions_for(
    const std::string& backend) const {
  auto it = backend_regions.find(backend);
  return it == backend_regions.end() ? regions : it->second;
}

BenchmarkDescriptor describe(const BenchmarkInfo& info) {
  return {info.name,    info.description, info.backends,        info.devices,
          info.dynamic, info.regions,     info.backend_regions, info.params};
}

json to_json(const ParamValue& value) {
  return std::visit([](const auto& v) { return json(v); }, value);
}

bool from_json(const json& j, ParamValue& value) {
  if (j.is_boolean())
    value = j.get<bool>();
  else if (j.is_number_integer())
    value = j.get<std::int64_t>();
  else if (j.is_number_float())
    value = j.get<double>();
  else if (j.is_string())
    value = j.get<std::string>();
  else
    return false;
  return true;
}

std::string param_type_name(const ParamValue& value) {
  static const char* names[] = {"boolean", "integer", "number", "string"};
  return names[value.index()];
}

std::string param_to_string(const ParamValue& value) {
  if (auto* s = std::get_if<std::string>(&value)) return *s;
  return to_json(value).dump();
}

json to_json(const PluginDescriptor& plugin) {
  json benchmarks = json::array();
  for (const auto& b : plugin.benchmarks) {
    json params = json::array();
    for (const auto& p : b.params) {
      json param = {{"name", p.name},
                    {"default", to_json(p.default_value)},
                    {"type", param_type_name(p.default_value)},
                    {"description", p.description}};
      if (p.min) param["min"] = *p.min;
      if (p.max) param["max"] = *p.max;
      params.push_back(param);
    }
    benchmarks.push_back({{"name", b.name},
                          {"description", b.description},
                          {"backends", b.backends},
                          {"devices", b.devices},
                          {"dynamic", b.dynamic},
                          {"regions", b.regions},
                          {"backend_regions", b.backend_regions},
                          {"params", params}});
  }
  return {{"path", plugin.path},
          {"name", plugin.name},
          {"version", plugin.version},
          {"benchmarks", benchmarks}};
}

PluginDescriptor plugin_from_json(const json& j) {
  PluginDescriptor plugin;
  plugin.path = j.at("path").get<std::string>();
  plugin.name = j.at("name").get<std::string>();
  plugin.version = j.at("version").get<std::string>();
  for (const auto& b : j.at("benchmarks")) {
    BenchmarkDescriptor d;
    d.name = b.at("name").get<std::string>();
    d.description = b.at("description").get<std::string>();
    d.backends = b.at("backends").get<std::vector<std::string>>();
    d.devices = b.at("devices").get<std::vector<std::string>>();
    d.dynamic = b.at("dynamic").get<std::vector<bool>>();
    d.regions = b.at("regions").get<std::vector<std::string>>();
    d.backend_regions =
        b.at("backend_regions")
            .get<std::map<std::string, std::vector<std::string>>>();
    for (const auto& p : b.at("params")) {
      ParamValue def;
      from_json(p.at("default"), def);
      ParamSpec spec(p.at("name").get<std::string>(), def,
                     p.at("description").get<std::string>());
      if (p.contains("min")) spec.min = p["min"].get<double>();
      if (p.contains("max")) spec.max = p["max"].get<double>();
      d.params.push_back(std::move(spec));
    }
    plugin.benchmarks.push_back(std::move(d));
  }
  return plugin;
}

json to_json(const Catalog& catalog) {
  json plugins = json::array(), bad = json::array();
  for (const auto& p : catalog.plugins) plugins.push_back(to_json(p));
  for (const auto& b : catalog.bad)
    bad.push_back({{"path", b.path}, {"reason", b.reason}});
  return {{"plugins", plugins}, {"bad_files", bad}};
}

}  // namespace tally

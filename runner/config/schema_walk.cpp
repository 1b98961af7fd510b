#include "config/schema_walk.hpp"

#include "core/text.hpp"

namespace tally::config_detail {
namespace {

constexpr int kMaxIterations = 1'000'000;
constexpr double kMaxTimeout = 604'800;  // one week
constexpr int kMaxThreads = 1024;
constexpr double kMaxMemoryMb = 16.0 * 1024 * 1024;  // 16 TiB
constexpr double kMaxUnstableSpreadPct = 1000;

const std::vector<std::string> kTopKeys = {"defaults", "matrix", "benchmarks",
                                           "exclude"};
const std::vector<std::string> kSettingKeys = {
    "iterations", "counter",      "timeout",  "threads",
    "regions",    "memory_limit", "profiles", "unstable_spread"};
const std::vector<std::string> kAxisKeys = {"backend", "device", "dynamic"};
const std::vector<std::string> kEntryOwnKeys = {"name", "params", "matrix",
                                                "label"};
const std::vector<std::string> kExcludeKeys = {"name", "backend", "device",
                                               "dynamic"};
const std::vector<std::string> kCounters = {"auto", "perf", "callgrind",
                                            "wall"};
const std::vector<std::string> kDevices = {"cpu", "cuda"};
const std::vector<std::string> kProfileModes = {"none", "min", "all"};

class SchemaWalk {
 public:
  explicit SchemaWalk(NodeReader& reader) : r_(reader) {}

  Config read_root(const YAML::Node& root);

 private:
  bool read_setting(const std::string& key, const YAML::Node& value,
                    Settings& settings);
  Settings read_defaults(const YAML::Node& node);
  Axes read_axes(const YAML::Node& node, const std::string& context);
  ParamValue param_value(const YAML::Node& node, const std::string& name);
  void read_params(const YAML::Node& node, const std::string& context,
                   BenchmarkEntry& entry);
  BenchmarkEntry read_entry(const YAML::Node& node, std::size_t index);
  ExcludeRule read_exclude(const YAML::Node& node, std::size_t index);
  void read_benchmarks(const YAML::Node& node, Config& config);
  void read_excludes(const YAML::Node& node, Config& config);

  NodeReader& r_;
};

// Reads one `defaults` key into `settings`; false when `key` is not one.
bool SchemaWalk::read_setting(const std::string& key, const YAML::Node& value,
                              Settings& settings) {
  if (key == "iterations")
    settings.iterations =
        static_cast<int>(r_.int_value(value, key, 1, kMaxIterations));
  else if (key == "counter")
    settings.counter = r_.choice_value(value, key, kCounters);
  else if (key == "timeout")
    settings.timeout_s = r_.number_value(value, key, kMaxTimeout, "seconds");
  else if (key == "threads")
    settings.threads =
        static_cast<int>(r_.int_value(value, key, 1, kMaxThreads));
  else if (key == "regions")
    settings.regions = r_.string_list(value, key);
  else if (key == "memory_limit")
    settings.memory_limit_mb = r_.number_value(value, key, kMaxMemoryMb, "MiB");
  else if (key == "profiles")
    settings.profiles = r_.choice_value(value, key, kProfileModes);
  else if (key == "unstable_spread")
    settings.unstable_spread_pct =
        r_.number_value(value, key, kMaxUnstableSpreadPct, "percent");
  else
    return false;
  return true;
}

Settings SchemaWalk::read_defaults(const YAML::Node& node) {
  Settings settings;
  if (r_.is_empty_value(node)) return settings;
  r_.require_map(node, "'defaults'", "{iterations: 5}");
  r_.for_each_pair(node, "defaults", &kSettingKeys,
                   [&](const std::string& key, const YAML::Node& value) {
                     read_setting(key, value, settings);
                   });
  return settings;
}

// Backends become part of result names, so they follow the name rule.
Axes SchemaWalk::read_axes(const YAML::Node& node, const std::string& context) {
  Axes axes;
  if (r_.is_empty_value(node)) return axes;
  r_.require_map(node, "'matrix' in " + context, "{backend: [eager, trace]}");
  r_.for_each_pair(node, "matrix of " + context, &kAxisKeys,
                   [&](const std::string& key, const YAML::Node& value) {
                     if (key == "backend")
                       axes.backend = r_.name_list(value, key);
                     else if (key == "device")
                       axes.device = r_.string_list(value, key, &kDevices);
                     else
                       axes.dynamic = r_.bool_list(value, key);
                   });
  return axes;
}

ParamValue SchemaWalk::param_value(const YAML::Node& node,
                                   const std::string& name) {
  const std::string key = "params." + name;
  const Scalar s =
      r_.scalar(node, key, "a single value (true/false, a number or a string)");
  switch (s.type) {
    case Scalar::Type::kBool:
      return s.boolean;
    case Scalar::Type::kInt:
      if (s.int_overflow)
        r_.fail(node, show(key) + " is " + s.text +
                          ", beyond a 64-bit integer; use a smaller number");
      return s.integer;
    case Scalar::Type::kFloat:
      return s.number;
    default:
      return s.text;
  }
}

void SchemaWalk::read_params(const YAML::Node& node, const std::string& context,
                             BenchmarkEntry& entry) {
  entry.params_where = r_.at(node.Mark());
  if (r_.is_empty_value(node)) return;
  r_.require_map(node, "'params'", "{n: 1000}");
  r_.for_each_pair(node, "params of " + context, nullptr,
                   [&](const std::string& name, const YAML::Node& v) {
                     entry.params[name] = {param_value(v, name),
                                           r_.at(v.Mark())};
                   });
}

BenchmarkEntry SchemaWalk::read_entry(const YAML::Node& node,
                                      std::size_t index) {
  const std::string context = "benchmarks[" + std::to_string(index) + "]";
  if (!node.IsMap())
    r_.fail(node,
            "each item of 'benchmarks' must be a mapping with a 'name' "
            "(e.g. '- name: libtorch_basic_InlineMod'), found " +
                describe(node));
  static const std::vector<std::string> allowed = [] {
    std::vector<std::string> keys = kEntryOwnKeys;
    keys.insert(keys.end(), kSettingKeys.begin(), kSettingKeys.end());
    return keys;
  }();
  BenchmarkEntry entry;
  entry.params_where = r_.at(node.Mark());
  bool named = false;
  r_.for_each_pair(node, context, &allowed,
                   [&](const std::string& key, const YAML::Node& value) {
                     if (key == "name") {
                       entry.pattern = r_.string_value(value, key);
                       entry.where = r_.at(value.Mark());
                       named = true;
                     } else if (key == "label") {
                       // Appended to result names.
                       entry.label = r_.name_value(value, key);
                     } else if (key == "matrix") {
                       entry.matrix = read_axes(value, context);
                     } else if (key == "params") {
                       read_params(value, context, entry);
                     } else {
                       read_setting(key, value, entry.settings);
                     }
                   });
  if (!named)
    r_.fail(node,
            context + " has no 'name'; add 'name: <benchmark name or glob>'");
  return entry;
}

ExcludeRule SchemaWalk::read_exclude(const YAML::Node& node,
                                     std::size_t index) {
  const std::string context = "exclude[" + std::to_string(index) + "]";
  if (!node.IsMap())
    r_.fail(node,
            "each item of 'exclude' must be a mapping (e.g. "
            "'- {name: libtorch_mm_loop, device: cuda}'), found " +
                describe(node));
  if (node.size() == 0)
    r_.fail(node, context + " is empty; give at least one of " +
                      one_of(kExcludeKeys));
  ExcludeRule rule;
  rule.where = r_.at(node.Mark());
  r_.for_each_pair(node, context, &kExcludeKeys,
                   [&](const std::string& key, const YAML::Node& value) {
                     if (key == "name")
                       rule.name = r_.string_value(value, key);
                     else if (key == "backend")
                       rule.backend = r_.string_value(value, key);
                     else if (key == "device")
                       rule.device = r_.choice_value(value, key, kDevices);
                     else
                       rule.dynamic = r_.bool_value(value, key);
                   });
  return rule;
}

void SchemaWalk::read_benchmarks(const YAML::Node& node, Config& config) {
  if (r_.is_empty_value(node) || (node.IsSequence() && node.size() == 0))
    r_.fail(node,
            "'benchmarks' is empty; list at least one entry "
            "(e.g. '- name: libtorch_basic_InlineMod')");
  if (!node.IsSequence())
    r_.fail(node,
            "'benchmarks' must be a list of entries "
            "(e.g. '- name: libtorch_basic_InlineMod'), found " +
                describe(node));
  std::size_t index = 0;
  for (const YAML::Node& item : node)
    config.benchmarks.push_back(read_entry(item, index++));
}

void SchemaWalk::read_excludes(const YAML::Node& node, Config& config) {
  if (r_.is_empty_value(node)) return;
  if (!node.IsSequence())
    r_.fail(node,
            "'exclude' must be a list of rules "
            "(e.g. '- {name: libtorch_mm_loop, device: cuda}'), found " +
                describe(node));
  std::size_t index = 0;
  for (const YAML::Node& item : node)
    config.excludes.push_back(read_exclude(item, index++));
}

Config SchemaWalk::read_root(const YAML::Node& root) {
  if (r_.is_empty_value(root))
    r_.fail(root,
            "the matrix file is empty; it needs at least a "
            "'benchmarks:' list (e.g. 'benchmarks: [{name: \"*\"}]')");
  if (!root.IsMap())
    r_.fail(root, "the top level must be a mapping with the keys " +
                      one_of(kTopKeys) + ", found " + describe(root));
  Config config;
  config.path = r_.path();
  bool has_benchmarks = false;
  r_.for_each_pair(root, "the top level", &kTopKeys,
                   [&](const std::string& key, const YAML::Node& value) {
                     if (key == "defaults") {
                       config.defaults = read_defaults(value);
                     } else if (key == "matrix") {
                       config.matrix = read_axes(value, "the top level");
                     } else if (key == "benchmarks") {
                       has_benchmarks = true;
                       read_benchmarks(value, config);
                     } else {
                       read_excludes(value, config);
                     }
                   });
  if (!has_benchmarks)
    r_.fail(root,
            "missing required key 'benchmarks'; add a list of the "
            "benchmarks to run (e.g. 'benchmarks: [{name: \"*\"}]')");
  return config;
}

}  // namespace

Config read_config(const YAML::Node& root, NodeReader& reader) {
  return SchemaWalk(reader).read_root(root);
}

}  // namespace tally::config_detail

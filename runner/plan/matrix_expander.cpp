#include <fnmatch.h>

#include <cmath>
#include <map>

#include "core/did_you_mean.hpp"
#include "core/param_json.hpp"
#include "core/text.hpp"
#include "plan/plan.hpp"

namespace tally {
namespace {

constexpr int kDefaultIterations = 5;
constexpr double kDefaultTimeoutS = 600;

bool glob_match(const std::string& pattern, const std::string& name) {
  return ::fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

template <class T>
bool contains(const std::vector<T>& items, const T& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

struct Match {
  const PluginManifest* plugin;
  const BenchmarkManifest* benchmark;
};

std::vector<Match> match_benchmarks(const BenchmarkEntry& entry,
                                    const Catalog& catalog) {
  std::vector<Match> matches;
  std::vector<std::string> known;
  for (const auto& p : catalog.plugins)
    for (const auto& b : p.benchmarks) {
      known.push_back(b.name);
      if (glob_match(entry.pattern, b.name)) matches.push_back({&p, &b});
    }
  if (matches.empty()) {
    std::string message = "benchmark '" + entry.pattern + "' matches nothing";
    if (auto guess = did_you_mean(entry.pattern, known))
      message += "; did you mean '" + *guess + "'?";
    message += known.empty() ? " (no plugins were found; see `tally list`)"
                             : " (known: " + join(known, ", ") + ")";
    throw ConfigError(entry.where, message);
  }
  return matches;
}

// The benchmark's declared defaults, overridden by the entry's params.
Params resolve_params(const BenchmarkEntry& entry,
                      const BenchmarkManifest& benchmark) {
  Params params;
  std::vector<std::string> declared;
  for (const auto& spec : benchmark.params) {
    params.set(spec.name, spec.default_value);
    declared.push_back(spec.name);
  }
  for (const auto& [name, given] : entry.params) {
    auto spec =
        std::find_if(benchmark.params.begin(), benchmark.params.end(),
                     [&](const ParamSpec& s) { return s.name == name; });
    if (spec == benchmark.params.end()) {
      std::string message = "unknown parameter '" + name + "' for benchmark '" +
                            benchmark.name + "'";
      if (auto guess = did_you_mean(name, declared))
        message += "; did you mean '" + *guess + "'?";
      message += declared.empty() ? " (it takes no parameters)"
                                  : " (it takes: " + join(declared, ", ") + ")";
      throw ConfigError(given.where, message);
    }
    ParamValue value = given.value;
    const bool int_for_double =
        std::holds_alternative<double>(spec->default_value) &&
        std::holds_alternative<std::int64_t>(value);
    if (int_for_double)
      value = static_cast<double>(std::get<std::int64_t>(value));
    if (value.index() != spec->default_value.index())
      throw ConfigError(
          given.where, "parameter '" + name + "' of '" + benchmark.name +
                           "' must be " + param_type_name(spec->default_value) +
                           ", found " + param_type_name(given.value) + " " +
                           param_to_string(given.value));
    double number = std::holds_alternative<std::int64_t>(value)
                        ? static_cast<double>(std::get<std::int64_t>(value))
                    : std::holds_alternative<double>(value)
                        ? std::get<double>(value)
                        : NAN;
    auto fmt = [](double d) { return param_to_string(ParamValue(d)); };
    if (!std::isnan(number) && spec->min && number < *spec->min)
      throw ConfigError(given.where,
                        "parameter '" + name + "' of '" + benchmark.name +
                            "' must be at least " + fmt(*spec->min) +
                            ", found " + param_to_string(value));
    if (!std::isnan(number) && spec->max && number > *spec->max)
      throw ConfigError(given.where, "parameter '" + name + "' of '" +
                                         benchmark.name + "' must be at most " +
                                         fmt(*spec->max) + ", found " +
                                         param_to_string(value));
    params.set(name, value);
  }
  return params;
}

const ExcludeRule* find_exclude(const Config& config,
                                const std::string& benchmark,
                                const std::string& backend,
                                const std::string& device, bool dynamic) {
  for (const auto& rule : config.excludes) {
    if (rule.name && !glob_match(*rule.name, benchmark)) continue;
    if (rule.backend && *rule.backend != backend) continue;
    if (rule.device && *rule.device != device) continue;
    if (rule.dynamic && *rule.dynamic != dynamic) continue;
    return &rule;
  }
  return nullptr;
}

std::string unsupported_reason(const BenchmarkManifest& b,
                               const std::string& backend,
                               const std::string& device, bool dynamic) {
  if (!contains(b.backends, backend))
    return "backend '" + backend + "' is not supported by " + b.name +
           " (it supports " + join(b.backends, ", ") + ")";
  if (!contains(b.devices, device))
    return "device '" + device + "' is not supported by " + b.name +
           " (it supports " + join(b.devices, ", ") + ")";
  if (!contains(b.dynamic, dynamic))
    return std::string("dynamic=") + (dynamic ? "true" : "false") +
           " is not supported by " + b.name;
  return "";
}

std::vector<std::string> reported_regions(const Settings& settings,
                                          const BenchmarkManifest& b,
                                          const std::string& backend) {
  std::vector<std::string> requested = settings.regions.value_or(
      std::vector<std::string>{"total", "compile_time"});
  std::vector<std::string> declared = b.regions_for(backend);
  declared.insert(declared.begin(), "total");
  std::vector<std::string> out;
  for (const auto& r : requested)
    if (contains(declared, r) && !contains(out, r)) out.push_back(r);
  return out;
}

}  // namespace

namespace {

bool is_own_point(const BenchmarkManifest& b, const std::string& backend,
                  const std::string& device, bool dynamic) {
  return b.backends.size() == 1 && b.backends[0] == backend &&
         b.devices.size() == 1 && b.devices[0] == device &&
         b.dynamic.size() == 1 && b.dynamic[0] == dynamic;
}

std::string labelled(const std::string& name,
                     const std::optional<std::string>& label) {
  return label && !label->empty() ? name + "_" + *label : name;
}

// A fixed-name benchmark that an entry names, and whose one point the matrix
// leaves out, is a skipped row, not nothing: a config naming
// mm_loop_inductor_gpu on cpu says why.
SkippedCell outside_the_matrix(const BenchmarkManifest& b,
                               const std::optional<std::string>& label) {
  const bool dynamic = !b.dynamic.empty() && b.dynamic[0];
  SkippedCell skipped{labelled(b.result_name, label),
                      b.name,
                      b.backends.empty() ? "" : b.backends[0],
                      b.devices.empty() ? "" : b.devices[0],
                      dynamic,
                      ""};
  skipped.reason = "it runs only at backend " + skipped.backend + ", device " +
                   skipped.device + ", dynamic " +
                   (dynamic ? "true" : "false") +
                   ", which the matrix leaves out";
  return skipped;
}

}  // namespace

std::string result_name(const std::string& benchmark,
                        const std::string& backend, const std::string& device,
                        bool dynamic, const std::optional<std::string>& label) {
  std::string name = benchmark + "_" + backend;
  if (dynamic) name += "_dynamic";
  if (device == "cuda") name += "_gpu";
  if (label && !label->empty()) name += "_" + *label;
  return name;
}

Plan expand_matrix(const Config& config, const Catalog& catalog) {
  Plan plan;
  std::map<std::string, SourceLocation> named;  // result name -> its entry
  for (const auto& entry : config.benchmarks) {
    const Settings settings = config.defaults.merged_with(entry.settings);
    for (const Match& match : match_benchmarks(entry, catalog)) {
      const BenchmarkManifest& b = *match.benchmark;
      Params params = resolve_params(entry, b);
      auto backends = entry.matrix.backend
                          ? *entry.matrix.backend
                          : config.matrix.backend.value_or(b.backends);
      auto devices =
          entry.matrix.device
              ? *entry.matrix.device
              : config.matrix.device.value_or(std::vector<std::string>{"cpu"});
      auto dynamics =
          entry.matrix.dynamic
              ? *entry.matrix.dynamic
              : config.matrix.dynamic.value_or(std::vector<bool>{false});
      bool own_point_planned = false;
      for (const auto& backend : backends)
        for (const auto& device : devices)
          for (bool dynamic : dynamics) {
            // A fixed-name benchmark is its one matrix point: the others
            // are no cells of it, as PyTorch has no rows for them.
            if (!b.result_name.empty() &&
                !is_own_point(b, backend, device, dynamic))
              continue;
            own_point_planned = true;
            std::string name =
                b.result_name.empty()
                    ? result_name(b.name, backend, device, dynamic, entry.label)
                    : labelled(b.result_name, entry.label);
            auto [it, fresh] = named.emplace(name, entry.where);
            if (!fresh)
              throw ConfigError(
                  entry.where,
                  "result name '" + name +
                      "' is produced twice (also by the entry at " +
                      it->second.str() + "); set `label:` on one of them");
            std::string reason;
            if (const ExcludeRule* rule =
                    find_exclude(config, b.name, backend, device, dynamic))
              reason = "excluded by the rule at " + rule->where.str();
            else
              reason = unsupported_reason(b, backend, device, dynamic);
            if (!reason.empty()) {
              plan.skipped.push_back(
                  {name, b.name, backend, device, dynamic, reason});
              continue;
            }
            PlannedCell cell;
            cell.name = name;
            cell.plugin = match.plugin->name;
            cell.plugin_path = match.plugin->path;
            cell.python_plugin = match.plugin->python_plugin;
            cell.benchmark = b.name;
            cell.cell.backend = backend;
            cell.cell.device = device;
            cell.cell.dynamic = dynamic;
            cell.cell.params = params;
            cell.cell.threads = settings.threads.value_or(1);
            cell.iterations = settings.iterations.value_or(kDefaultIterations);
            cell.counter_request = settings.counter.value_or("auto");
            if (settings.profiles)
              cell.profiles = parse_profile_mode(*settings.profiles)
                                  .value_or(ProfileMode::kMin);
            cell.timeout_s = settings.timeout_s.value_or(kDefaultTimeoutS);
            cell.memory_limit_mb = settings.memory_limit_mb;
            if (settings.unstable_spread_pct)
              cell.unstable_spread = *settings.unstable_spread_pct / 100;
            cell.regions = reported_regions(settings, b, backend);
            cell.where = entry.where;
            plan.cells.push_back(std::move(cell));
          }
      // Only where the entry names it: a pattern selects the points its
      // matrix holds, as with any benchmark.
      if (!b.result_name.empty() && !own_point_planned &&
          entry.pattern == b.name &&
          named.emplace(labelled(b.result_name, entry.label), entry.where)
              .second)
        plan.skipped.push_back(outside_the_matrix(b, entry.label));
    }
  }
  return plan;
}

}  // namespace tally

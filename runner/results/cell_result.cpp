#include "results/cell_result.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "core/param_json.hpp"

namespace tally {

using nlohmann::json;

MetricStats summarize(std::vector<std::uint64_t> samples) {
  MetricStats stats;
  stats.samples = samples;
  std::sort(samples.begin(), samples.end());
  stats.min = samples.front();
  stats.median = samples[(samples.size() - 1) / 2];
  stats.max = samples.back();
  return stats;
}

double spread(const MetricStats& stats) {
  if (stats.min == 0) return 0;
  return static_cast<double>(stats.max - stats.min) /
         static_cast<double>(stats.min);
}

double coefficient_of_variation(const MetricStats& stats) {
  const std::size_t n = stats.samples.size();
  if (n < 2) return 0;
  double mean = 0;
  for (std::uint64_t v : stats.samples) mean += static_cast<double>(v);
  mean /= static_cast<double>(n);
  if (mean == 0) return 0;
  double squares = 0;
  for (std::uint64_t v : stats.samples)
    squares +=
        (static_cast<double>(v) - mean) * (static_cast<double>(v) - mean);
  return std::sqrt(squares / static_cast<double>(n - 1)) / mean;
}

bool is_unstable(const CellResult& r, const MetricStats& stats) {
  return r.counter != to_string(CounterKind::kCallgrind) &&
         spread(stats) > r.unstable_spread;
}

CellResult result_for(const PlannedCell& cell) {
  CellResult r;
  r.name = cell.name;
  r.plugin = cell.plugin;
  r.benchmark = cell.benchmark;
  r.backend = cell.cell.backend;
  r.device = cell.cell.device;
  r.dynamic = cell.cell.dynamic;
  r.params = cell.cell.params;
  r.counter = to_string(cell.counter);
  r.iterations = cell.iterations;
  r.unstable_spread = cell.unstable_spread;
  return r;
}

CellResult result_for(const SkippedCell& cell) {
  CellResult r;
  r.name = cell.name;
  r.benchmark = cell.benchmark;
  r.backend = cell.backend;
  r.device = cell.device;
  r.dynamic = cell.dynamic;
  r.status = CellStatus::kSkipped;
  r.reason = cell.reason;
  return r;
}

json to_json(const CellResult& r) {
  json params = json::object();
  for (const auto& [name, value] : r.params.all())
    params[name] = to_json(value);
  json metrics = json::object();
  for (const auto& [name, m] : r.metrics) {
    metrics[name] = {
        {"samples", m.samples},         {"min", m.min},
        {"median", m.median},           {"max", m.max},
        {"spread", spread(m)},          {"cv", coefficient_of_variation(m)},
        {"unstable", is_unstable(r, m)}};
    if (!m.profile.empty()) metrics[name]["profile"] = m.profile;
    if (!m.all_profiles.empty()) metrics[name]["profiles"] = m.all_profiles;
  }
  json out = {{"name", r.name},
              {"benchmark", r.benchmark},
              {"plugin", r.plugin},
              {"backend", r.backend},
              {"device", r.device},
              {"dynamic", r.dynamic},
              {"params", params},
              {"status", to_string(r.status)},
              {"reason", r.reason},
              {"counter", r.counter},
              {"iterations", r.iterations},
              {"elapsed_s", r.elapsed_s},
              {"unstable_spread", r.unstable_spread},
              {"metrics", metrics}};
  if (!r.threads.empty()) out["threads"] = r.threads;
  if (!r.output_tail.empty()) out["output_tail"] = r.output_tail;
  return out;
}

CellResult cell_result_from_json(const json& j) {
  CellResult r;
  r.name = j.at("name").get<std::string>();
  r.benchmark = j.value("benchmark", "");
  r.plugin = j.value("plugin", "");
  r.backend = j.value("backend", "");
  r.device = j.value("device", "");
  r.dynamic = j.value("dynamic", false);
  const json params = j.value("params", json::object());
  for (const auto& [name, value] : params.items()) {
    ParamValue v;
    if (from_json(value, v)) r.params.set(name, v);
  }
  r.status = cell_status_from_string(j.at("status").get<std::string>());
  r.reason = j.value("reason", "");
  r.counter = j.value("counter", "");
  r.iterations = j.value("iterations", 0);
  r.elapsed_s = j.value("elapsed_s", 0.0);
  r.unstable_spread = j.value("unstable_spread", kDefaultUnstableSpread);
  r.output_tail = j.value("output_tail", "");
  r.threads =
      j.value("threads", json::object()).get<std::map<std::string, int>>();
  const json metrics = j.value("metrics", json::object());
  for (const auto& [name, m] : metrics.items()) {
    MetricStats& stats = r.metrics[name] =
        summarize(m.at("samples").get<std::vector<std::uint64_t>>());
    stats.profile = m.value("profile", "");
    stats.all_profiles = m.value("profiles", std::vector<std::string>{});
  }
  return r;
}

}  // namespace tally

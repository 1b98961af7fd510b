#include "results/cell_result.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "discovery/catalog.hpp"

namespace tally {

using nlohmann::json;

std::string to_string(CellStatus status) {
  switch (status) {
    case CellStatus::kOk:
      return "ok";
    case CellStatus::kSkipped:
      return "skipped";
    case CellStatus::kFailed:
      return "failed";
    case CellStatus::kCrashed:
      return "crashed";
    case CellStatus::kTimeout:
      return "timeout";
  }
  return "failed";
}

CellStatus cell_status_from_string(const std::string& text) {
  for (auto s : {CellStatus::kOk, CellStatus::kSkipped, CellStatus::kFailed,
                 CellStatus::kCrashed, CellStatus::kTimeout})
    if (to_string(s) == text) return s;
  throw Error("unknown cell status '" + text + "'", ExitCode::kBadInput);
}

MetricStats summarize(std::vector<std::uint64_t> samples) {
  MetricStats stats;
  stats.samples = samples;
  std::sort(samples.begin(), samples.end());
  stats.min = samples.front();
  stats.median = samples[(samples.size() - 1) / 2];
  stats.max = samples.back();
  return stats;
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
  r.counter = cell.counter;
  r.iterations = cell.iterations;
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
  for (const auto& [name, m] : r.metrics)
    metrics[name] = {{"samples", m.samples},
                     {"min", m.min},
                     {"median", m.median},
                     {"max", m.max}};
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
  r.output_tail = j.value("output_tail", "");
  r.threads =
      j.value("threads", json::object()).get<std::map<std::string, int>>();
  const json metrics = j.value("metrics", json::object());
  for (const auto& [name, m] : metrics.items())
    r.metrics[name] =
        summarize(m.at("samples").get<std::vector<std::uint64_t>>());
  return r;
}

}  // namespace tally

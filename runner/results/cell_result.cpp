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

namespace {

const json* field(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string text_field(const json& object, const char* key,
                       const std::string& where) {
  const json* v = field(object, key);
  if (!v) throw bad_input(where, std::string("missing \"") + key + "\"");
  if (!v->is_string())
    throw bad_input(where, std::string("\"") + key + "\" is not a string");
  return v->get<std::string>();
}

// A count as tally writes it; a whole number stored as a float (a
// hand-written file) is read as the same count.
std::uint64_t count_of(const json& v, const std::string& where,
                       const std::string& what) {
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (!v.is_number()) throw bad_input(where, what + " is not a number");
  const double d = v.get<double>();
  if (d < 0 || d != std::floor(d) || d >= 18446744073709551616.0)
    throw bad_input(where, what + " is not a whole number of at least 0");
  return static_cast<std::uint64_t>(d);
}

std::vector<std::uint64_t> samples_of(const json& stats,
                                      const std::string& where) {
  std::vector<std::uint64_t> samples;
  const json* list = field(stats, "samples");
  if (!list) return samples;  // files from before samples were kept
  if (!list->is_array()) throw bad_input(where, "\"samples\" is not an array");
  for (const json& v : *list) {
    if (!v.is_number())
      throw bad_input(where, "\"samples\" holds a non-number");
    samples.push_back(count_of(v, where, "a sample"));
  }
  return samples;
}

// A kept profile's path, which must stay inside the results folder.
std::string profile_of(const json& stats, const std::string& where) {
  const json* p = field(stats, "profile");
  if (!p) return "";
  if (!p->is_string() || p->get<std::string>().empty())
    throw bad_input(where + ".profile", "not a path");
  if (p->get<std::string>().front() == '/')
    throw bad_input(where + ".profile", "not relative to the results folder");
  return p->get<std::string>();
}

// The file's min, median and max where it has them, else the samples'.
MetricStats metric_from_json(const json& m, const std::string& where) {
  if (!m.is_object()) throw bad_input(where, "not an object");
  const json* min = field(m, "min");
  if (!min) throw bad_input(where, "missing \"min\"");
  if (!min->is_number()) throw bad_input(where, "\"min\" is not a number");
  std::vector<std::uint64_t> samples = samples_of(m, where);
  MetricStats stats;
  if (!samples.empty()) stats = summarize(samples);
  stats.min = count_of(*min, where, "\"min\"");
  const json* median = field(m, "median");
  const json* max = field(m, "max");
  if (median) stats.median = count_of(*median, where, "\"median\"");
  if (max) stats.max = count_of(*max, where, "\"max\"");
  if (samples.empty()) {
    if (!median) stats.median = stats.min;
    if (!max) stats.max = stats.min;
  }
  stats.profile = profile_of(m, where);
  stats.all_profiles = m.value("profiles", std::vector<std::string>{});
  return stats;
}

void metrics_from_json(const json& j, const std::string& where, CellResult& r) {
  const json* metrics = field(j, "metrics");
  if (!metrics) {
    if (r.status == CellStatus::kOk)
      throw bad_input(where, "missing \"metrics\"");
    return;
  }
  if (!metrics->is_object())
    throw bad_input(where, "\"metrics\" is not an object");
  for (const auto& [name, m] : metrics->items())
    r.metrics[name] = metric_from_json(m, where + ".metrics." + name);
}

// nlohmann's message without its "[json.exception...] " tag.
std::string plain(const json::exception& e) {
  std::string what = e.what();
  const auto close = what.find("] ");
  return close == std::string::npos ? what : what.substr(close + 2);
}

}  // namespace

CellResult cell_result_from_json(const json& j, const std::string& where) {
  if (!j.is_object()) throw bad_input(where, "not an object");
  CellResult r;
  r.name = text_field(j, "name", where);
  if (r.name.empty()) throw bad_input(where, "empty \"name\"");
  const std::string status = text_field(j, "status", where);
  const auto parsed = parse_cell_status(status);
  if (!parsed) throw bad_input(where, "unknown cell status '" + status + "'");
  r.status = *parsed;
  try {
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
    r.reason = j.value("reason", "");
    r.counter = j.value("counter", "");
    r.iterations = j.value("iterations", 0);
    r.elapsed_s = j.value("elapsed_s", 0.0);
    r.unstable_spread = j.value("unstable_spread", kDefaultUnstableSpread);
    r.output_tail = j.value("output_tail", "");
    r.threads =
        j.value("threads", json::object()).get<std::map<std::string, int>>();
    metrics_from_json(j, where, r);
  } catch (const json::exception& e) {
    throw bad_input(where, plain(e));
  }
  return r;
}

}  // namespace tally

#include "results/gbench_reader.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"

namespace tally {

using nlohmann::json;

namespace {

Error gbench_error(const std::string& where, const std::string& message) {
  return Error(where + ": " + message, ExitCode::kBadInput);
}

double ns_per_unit(const std::string& unit, const std::string& where) {
  static const std::map<std::string, double> factors = {
      {"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
  auto it = factors.find(unit);
  if (it == factors.end())
    throw gbench_error(where,
                       "unknown time_unit '" + unit + "' (want ns, us, ms, s)");
  return it->second;
}

std::string string_or(const json& entry, const char* key,
                      const std::string& fallback) {
  auto it = entry.find(key);
  return it != entry.end() && it->is_string() ? it->get<std::string>()
                                              : fallback;
}

// The keys Google Benchmark writes itself; any other number is a user
// counter, which tally cannot put beside its own metrics.
bool is_user_counter(const std::string& key, const json& value) {
  static const std::set<std::string> known = {
      "family_index", "per_family_instance_index",
      "repetitions",  "repetition_index",
      "threads",      "iterations",
      "real_time",    "cpu_time"};
  return value.is_number() && known.count(key) == 0;
}

struct Notes {
  int aggregates = 0, errors = 0;
  std::set<std::string> counters;
  bool cpu_time = false;

  json to_json() const {
    json notes = json::array();
    if (cpu_time)
      notes.push_back(
          "cpu_time is not compared: tally measures wall time "
          "(real_time) and instructions");
    if (aggregates > 0)
      notes.push_back(std::to_string(aggregates) +
                      " aggregate row(s) (mean, median, stddev, cv) are not "
                      "compared: tally compares the repetitions themselves");
    for (const std::string& c : counters)
      notes.push_back("user counter '" + c + "' is not compared");
    if (errors > 0)
      notes.push_back(std::to_string(errors) +
                      " benchmark(s) reported an error and have no value");
    return notes;
  }
};

}  // namespace

bool is_gbench_json(const json& doc) {
  return doc.is_object() && doc.contains("benchmarks") &&
         !doc.contains("cells");
}

Results read_gbench_json(const json& doc, const std::string& path) {
  const json& list = doc.at("benchmarks");
  if (!list.is_array())
    throw gbench_error(path, "\"benchmarks\" is not an array");
  Results results;
  results.path = path;
  const json context = doc.value("context", json::object());
  if (!context.is_object())
    throw gbench_error(path, "\"context\" is not an object");
  // tally's own export keeps the run's metadata, so environments compare.
  if (auto t = context.find("tally"); t != context.end() && t->is_object())
    results.metadata = *t;
  results.metadata["format"] = "gbench-json";
  results.metadata["gbench_context"] = context;
  Notes notes;
  std::map<std::pair<std::string, std::string>, ResultRow> rows;
  std::vector<std::pair<std::string, std::string>> order;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = path + ": benchmarks[" + std::to_string(i) + "]";
    const json& entry = list[i];
    if (!entry.is_object()) throw gbench_error(where, "not an object");
    const std::string name = string_or(entry, "name", "");
    if (name.empty()) throw gbench_error(where, "missing or empty \"name\"");
    const std::string cell =
        string_or(entry, "tally_cell", string_or(entry, "run_name", name));
    if (auto e = entry.find("error_occurred");
        e != entry.end() && e->is_boolean() && e->get<bool>()) {
      ++notes.errors;
      results.no_metrics.push_back(
          {cell, "failed", string_or(entry, "error_message", "")});
      continue;
    }
    if (string_or(entry, "run_type", "iteration") == "aggregate") {
      ++notes.aggregates;
      continue;
    }
    // tally's export repeats its own metric as a user counter.
    for (const auto& [key, value] : entry.items())
      if (is_user_counter(key, value) && !entry.contains("tally_metric"))
        notes.counters.insert(key);
    notes.cpu_time |= entry.contains("cpu_time");
    auto real_time = entry.find("real_time");
    if (real_time == entry.end() || !real_time->is_number())
      throw gbench_error(where, "\"real_time\" is missing or not a number");
    const double sample =
        real_time->get<double>() *
        ns_per_unit(string_or(entry, "time_unit", "ns"), where);
    const std::string metric = string_or(entry, "tally_metric", "wall_time_ns");
    auto key = std::make_pair(cell, metric);
    auto [it, inserted] = rows.try_emplace(key);
    if (inserted) {
      order.push_back(key);
      it->second = {cell,  metric, sample,
                    where, {},     string_or(entry, "tally_counter", "wall")};
    }
    it->second.samples.push_back(sample);
    it->second.value = std::min(it->second.value, sample);
  }
  for (const auto& key : order) results.add(std::move(rows[key]));
  results.metadata["gbench_notes"] = notes.to_json();
  return results;
}

}  // namespace tally

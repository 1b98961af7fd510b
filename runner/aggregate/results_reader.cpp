#include "aggregate/results_reader.hpp"

#include <boost/filesystem.hpp>

#include "aggregate/gbench_reader.hpp"
#include "aggregate/text.hpp"
#include "core/error.hpp"
#include "core/json_errors.hpp"
#include "results/results_format.hpp"

namespace tally::aggregate {

namespace fs = boost::filesystem;
using nlohmann::json;

void Results::add(ResultRow row) {
  auto key = std::make_pair(row.name, row.metric);
  auto [it, inserted] = index_.emplace(key, rows.size());
  if (!inserted) {
    throw Error(row.where + ": duplicate result " + row.name + "," +
                    row.metric + " (first at " + rows[it->second].where + ")",
                ExitCode::kBadInput);
  }
  rows.push_back(std::move(row));
}

const ResultRow* Results::find(const std::string& name,
                               const std::string& metric) const {
  auto it = index_.find({name, metric});
  return it == index_.end() ? nullptr : &rows[it->second];
}

const CellOutcome* Results::outcome(const std::string& name) const {
  for (const CellOutcome& o : no_metrics) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

namespace {

Error results_error(const std::string& where, const std::string& message) {
  return Error(where + ": " + message, ExitCode::kBadInput);
}

Results read_csv(const std::string& path) {
  Results results;
  results.path = path;
  const auto lines = split_lines_keep_endings(read_file(path));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string where = path + ":" + std::to_string(i + 1);
    const std::string line = strip_ending(lines[i]);
    if (trim(line).empty()) continue;  // PyTorch pads files with blank rows
    const auto fields = split_fields(line);
    if (fields.size() != 3) {
      throw results_error(where, "expected 3 fields name,metric,value, found " +
                                     std::to_string(fields.size()));
    }
    ResultRow row{trim(fields[0]), trim(fields[1]), 0, where, {}, ""};
    if (row.name.empty() || row.metric.empty()) {
      throw results_error(where, "empty name or metric");
    }
    const auto value = parse_number(fields[2]);
    if (!value)
      throw results_error(where,
                          "value '" + trim(fields[2]) + "' is not a number");
    row.value = *value;
    results.add(std::move(row));
  }
  return results;
}

const json& member(const json& object, const char* key,
                   const std::string& where) {
  auto it = object.find(key);
  if (it == object.end())
    throw results_error(where, std::string("missing \"") + key + "\"");
  return *it;
}

std::string string_member(const json& object, const char* key,
                          const std::string& where) {
  const json& v = member(object, key, where);
  if (!v.is_string())
    throw results_error(where, std::string("\"") + key + "\" is not a string");
  return v.get<std::string>();
}

// A metric's samples; optional, as results.json files written before
// tally kept them have none.
std::vector<double> samples_of(const json& stats, const std::string& where) {
  std::vector<double> samples;
  auto it = stats.find("samples");
  if (it == stats.end()) return samples;
  if (!it->is_array())
    throw results_error(where, "\"samples\" is not an array");
  for (const json& v : *it) {
    if (!v.is_number())
      throw results_error(where, "\"samples\" holds a non-number");
    samples.push_back(v.get<double>());
  }
  return samples;
}

Results read_json(const std::string& path) {
  json doc;
  const std::string text = read_file(path);
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw results_error(path, json_error_text(text, e));
  }
  if (is_gbench_json(doc)) return read_gbench_json(doc, path);
  Results results;
  results.path = path;
  if (!doc.is_object()) throw results_error(path, "top level is not an object");
  check_results_format(doc, path);
  if (auto m = doc.find("metadata"); m != doc.end()) {
    if (!m->is_object())
      throw results_error(path, "\"metadata\" is not an object");
    results.metadata = *m;
  }
  const json& cells = member(doc, "cells", path);
  if (!cells.is_array()) throw results_error(path, "\"cells\" is not an array");
  std::map<std::string, std::string> seen;  // cell name -> where
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string where = path + ": cells[" + std::to_string(i) + "]";
    const json& cell = cells[i];
    if (!cell.is_object()) throw results_error(where, "not an object");
    const std::string name = string_member(cell, "name", where);
    if (name.empty()) throw results_error(where, "empty \"name\"");
    if (auto [it, inserted] = seen.emplace(name, where); !inserted) {
      throw results_error(
          where, "duplicate cell " + name + " (first at " + it->second + ")");
    }
    const std::string status = string_member(cell, "status", where);
    if (status != "ok") {
      std::string reason;
      if (auto r = cell.find("reason"); r != cell.end() && r->is_string()) {
        reason = r->get<std::string>();
      }
      results.no_metrics.push_back({name, status, reason});
      continue;
    }
    std::string counter;
    if (auto c = cell.find("counter"); c != cell.end() && c->is_string())
      counter = c->get<std::string>();
    const json& metrics = member(cell, "metrics", where);
    if (!metrics.is_object())
      throw results_error(where, "\"metrics\" is not an object");
    for (const auto& [metric, stats] : metrics.items()) {
      const std::string metric_where = where + ".metrics." + metric;
      if (!stats.is_object())
        throw results_error(metric_where, "not an object");
      const json& min = member(stats, "min", metric_where);
      if (!min.is_number())
        throw results_error(metric_where, "\"min\" is not a number");
      results.add({name, metric, min.get<double>(), metric_where,
                   samples_of(stats, metric_where), counter});
    }
  }
  return results;
}

}  // namespace

Results read_results(const std::string& path) {
  boost::system::error_code ec;
  if (fs::is_directory(path, ec)) {
    const fs::path dir(path);
    if (fs::exists(dir / "results.json", ec)) {
      return read_json((dir / "results.json").string());
    }
    if (fs::exists(dir / "results.csv", ec)) {
      return read_csv((dir / "results.csv").string());
    }
    throw Error(path + ": folder has neither results.json nor results.csv",
                ExitCode::kIoError);
  }
  if (fs::extension(path) == ".json") return read_json(path);
  return read_csv(path);
}

}  // namespace tally::aggregate

#include "results/results_reader.hpp"

#include "core/error.hpp"
#include "core/json_errors.hpp"
#include "core/text.hpp"
#include "results/gbench_reader.hpp"
#include "results/run_path.hpp"
#include "results/run_results.hpp"

namespace tally {

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

}  // namespace

// The rows of check, compare and history: each ok cell's metrics at their
// reported value (the min), the other cells with their status and reason.
Results results_of(const RunResults& run) {
  Results results;
  results.path = run.path;
  results.metadata = run.metadata;
  for (std::size_t i = 0; i < run.cells.size(); ++i) {
    const CellResult& cell = run.cells[i];
    if (cell.status != CellStatus::kOk) {
      results.no_metrics.push_back(
          {cell.name, to_string(cell.status), cell.reason});
      continue;
    }
    const std::string where = run.path + ": cells[" + std::to_string(i) + "]";
    for (const auto& [metric, stats] : cell.metrics)
      results.add({cell.name,
                   metric,
                   static_cast<double>(stats.min),
                   where + ".metrics." + metric,
                   {stats.samples.begin(), stats.samples.end()},
                   cell.counter});
  }
  return results;
}

namespace {

Results read_json(const std::string& path) {
  const json doc = parse_json_text(read_file(path), path);
  if (is_gbench_json(doc)) return read_gbench_json(doc, path);
  return results_of(run_results_from_json(doc, path));
}

}  // namespace

Results read_results(const std::string& path) {
  const RunPath run =
      resolve_run_path(path, {{RunFile::kResultsJson, RunFile::kResultsCsv},
                              "tally",
                              true,
                              RunFile::kResultsCsv});
  return run.kind == RunFile::kResultsJson ? read_json(run.file)
                                           : read_csv(run.file);
}

}  // namespace tally

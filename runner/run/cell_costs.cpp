#include "run/cell_costs.hpp"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <fstream>
#include <iostream>
#include <vector>

#include "core/error.hpp"
#include "results/journal.hpp"
#include "results/run_path.hpp"
#include "results/run_results.hpp"

namespace tally {
namespace fs = boost::filesystem;
namespace {

// Uniform guesses: a cell, and a worker's start-up under callgrind
// (valgrind, plus LibTorch's load for its plugins) or natively.
constexpr double kGuessCellS = 10;
constexpr double kGuessCallgrindStartupS = 15;
constexpr double kGuessNativeStartupS = 1;

std::optional<double> median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  return values[(values.size() - 1) / 2];
}

// The file a --costs or --history path names: a results folder's
// results.json, else its journal (a run still going or interrupted), or the
// newest results.json of a history database.
RunPath costs_file(const std::string& path,
                   const HistoryResults& history_results) {
  RunPathRule rule{{RunFile::kResultsJson, RunFile::kJournal}, "--costs"};
  // Only `tally run` reads cell times from a history database.
  if (history_results) rule.accepted.push_back(RunFile::kHistoryDb);
  RunPath where = resolve_run_path(path, rule);
  if (where.kind == RunFile::kHistoryDb) {
    where.file = history_results(path);
    where.kind = RunFile::kResultsJson;
  }
  return where;
}

}  // namespace

CellCosts CellCosts::read(const std::string& path,
                          const HistoryResults& history_results) {
  CellCosts costs;
  const RunPath where = costs_file(path, history_results);
  const std::string& file = where.file;
  costs.source_ = file;
  if (where.kind == RunFile::kJournal) {
    for (const auto& [name, cell] : read_journal(file))
      costs.cell_s_[name] = cell.elapsed_s;
  } else {
    costs.read_results(read_run_results(file));
  }
  costs.finish();
  return costs;
}

void CellCosts::read_results(const RunResults& run) {
  for (const CellResult& cell : run.cells)
    if (cell.status != CellStatus::kSkipped)
      cell_s_[cell.name] = cell.elapsed_s;
  const auto startups = run.metadata.find("worker_startup_s");
  if (startups == run.metadata.end()) return;
  try {
    for (const auto& [plugin, s] : startups->items())
      startup_s_[plugin] = s.get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(run.path + " has no usable worker start-up times (" + e.what() +
                    "); pass a results folder written by `tally run`",
                ExitCode::kBadInput);
  }
}

void CellCosts::finish() {
  std::vector<double> cells, startups;
  for (const auto& [name, s] : cell_s_) cells.push_back(s);
  for (const auto& [name, s] : startup_s_) startups.push_back(s);
  median_cell_ = median(cells);
  median_startup_ = median(startups);
}

double CellCosts::cell(const PlannedCell& c) const {
  auto it = cell_s_.find(c.name);
  if (it != cell_s_.end()) return it->second;
  return median_cell_.value_or(kGuessCellS);
}

double CellCosts::startup(const PlannedCell& c) const {
  auto it = startup_s_.find(c.plugin);
  if (it != startup_s_.end()) return it->second;
  if (median_startup_) return *median_startup_;
  return c.counter == CounterKind::kCallgrind ? kGuessCallgrindStartupS
                                              : kGuessNativeStartupS;
}

CellCosts choose_costs(const std::optional<std::string>& costs,
                       const std::optional<std::string>& history,
                       const HistoryResults& history_results) {
  if (costs) return CellCosts::read(*costs, history_results);
  if (history && fs::exists(*history)) {
    // The history is where the run goes; a history without usable times
    // must not stop the night's run.
    try {
      return CellCosts::read(*history, history_results);
    } catch (const Error& e) {
      std::cerr << "tally: warning: no cell times from --history (" << e.what()
                << "); scheduling on a uniform guess\n";
    }
  }
  return CellCosts();
}

}  // namespace tally

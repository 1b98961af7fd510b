#include "run/cell_costs.hpp"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <fstream>
#include <iostream>
#include <vector>

#include "core/error.hpp"
#include "results/journal.hpp"
#include "results/run_results.hpp"

namespace tally {
namespace fs = boost::filesystem;
namespace {

// Uniform guesses: a cell, and a worker's start-up under callgrind
// (valgrind, plus LibTorch's load for its plugins) or natively.
constexpr double kGuessCellS = 10;
constexpr double kGuessCallgrindStartupS = 15;
constexpr double kGuessNativeStartupS = 1;

bool is_sqlite(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[16] = {};
  in.read(magic, sizeof magic);
  return in && std::string(magic, 15) == "SQLite format 3";
}

std::optional<double> median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  return values[(values.size() - 1) / 2];
}

// The file a --costs or --history path names: a results folder's
// results.json, else its journal (a run still going or interrupted), or the
// newest results.json of a history database.
std::string costs_file(const std::string& path,
                       const HistoryResults& history_results) {
  if (fs::is_directory(path)) {
    const std::string file = path + "/results.json";
    return fs::exists(file) ? file : path + "/journal.jsonl";
  }
  if (!is_sqlite(path)) return path;
  if (!history_results)
    throw Error(path +
                    " is a history database; only `tally run` reads "
                    "cell times from one",
                ExitCode::kBadInput);
  return history_results(path);
}

}  // namespace

CellCosts CellCosts::read(const std::string& path,
                          const HistoryResults& history_results) {
  CellCosts costs;
  const std::string file = costs_file(path, history_results);
  costs.source_ = file;
  const bool journal =
      file.size() > 6 && file.substr(file.size() - 6) == ".jsonl";
  if (!fs::exists(file))
    throw Error("cannot read costs from " + path +
                    (journal ? ": it has neither results.json nor "
                               "journal.jsonl"
                             : ": no such file"),
                ExitCode::kIoError);
  if (journal) {
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

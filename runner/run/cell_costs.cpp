#include "run/cell_costs.hpp"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/error.hpp"
#include "results/results_format.hpp"

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

nlohmann::json parse_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw Error("cannot read costs from " + path + ": no such file",
                ExitCode::kIoError);
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    throw Error(path +
                    " is not a results.json (not a JSON object); pass a "
                    "results folder, its results.json or a history database",
                ExitCode::kBadInput);
  check_results_format(doc, path);
  return doc;
}

}  // namespace

CellCosts CellCosts::read(const std::string& path,
                          const HistoryResults& history_results) {
  CellCosts costs;
  std::string file = path;
  if (fs::is_directory(path)) {
    file = path + "/results.json";
    if (!fs::exists(file)) file = path + "/journal.jsonl";
  } else if (is_sqlite(path)) {
    if (!history_results)
      throw Error(path +
                      " is a history database; only `tally run` reads "
                      "cell times from one",
                  ExitCode::kBadInput);
    file = history_results(path);
  }
  costs.source_ = file;
  try {
    if (file.size() > 6 && file.substr(file.size() - 6) == ".jsonl") {
      std::ifstream in(file);
      if (!in)
        throw Error("cannot read costs from " + path +
                        ": it has neither results.json nor journal.jsonl",
                    ExitCode::kIoError);
      for (std::string line; std::getline(in, line);) {
        auto cell = nlohmann::json::parse(line, nullptr, false);
        if (cell.is_object() && cell.contains("elapsed_s"))
          costs.cell_s_[cell.at("name").get<std::string>()] =
              cell.at("elapsed_s").get<double>();
      }
    } else {
      const auto doc = parse_json_file(file);
      for (const auto& cell : doc.at("cells"))
        if (cell.value("status", "") != "skipped")
          costs.cell_s_[cell.at("name").get<std::string>()] =
              cell.at("elapsed_s").get<double>();
      const auto& m = doc.at("metadata");
      if (m.contains("worker_startup_s"))
        for (const auto& [plugin, s] : m.at("worker_startup_s").items())
          costs.startup_s_[plugin] = s.get<double>();
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(file + " has no usable cell times (" + e.what() +
                    "); pass a results folder written by `tally run`",
                ExitCode::kBadInput);
  }
  costs.finish();
  return costs;
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

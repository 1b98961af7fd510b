// What each cell and each worker start-up is predicted to cost, in seconds,
// for the cost-aware split: from a previous run (--costs), else from the
// history (--history), else a uniform guess.
#ifndef TALLY_RUN_CELL_COSTS_HPP
#define TALLY_RUN_CELL_COSTS_HPP

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "plan/plan.hpp"
#include "results/run_results.hpp"

namespace tally {

/// The results.json of the newest run in a history database that is still
/// on disk. The CLI passes the history's own reader: measuring includes
/// nothing of analysing.
using HistoryResults = std::function<std::string(const std::string& db)>;

class CellCosts {
 public:
  /// A uniform guess: every cell costs the same.
  CellCosts() = default;
  /// Reads `path`: a results.json, a results folder (its results.json, else
  /// its journal.jsonl) or a history database (the newest run whose
  /// results.json is still on disk, found by `history_results`). Throws
  /// tally::Error naming the file.
  static CellCosts read(const std::string& path,
                        const HistoryResults& history_results = {});

  /// The cell's time in the source; a cell it lacks costs the median of
  /// those it has (the uniform guess when it has none).
  double cell(const PlannedCell& cell) const;
  /// The start-up recorded for the cell's plugin, else the median recorded,
  /// else a guess by counter (LibTorch under callgrind takes 10–20 s).
  double startup(const PlannedCell& cell) const;
  /// Where the costs come from, for messages: a path or "uniform guess".
  const std::string& source() const { return source_; }

 private:
  std::map<std::string, double> cell_s_;     // by result name
  std::map<std::string, double> startup_s_;  // by plugin name
  std::optional<double> median_cell_, median_startup_;
  std::string source_ = "uniform guess";

  void read_results(const RunResults& run);
  void finish();
};

/// `--costs` if given, else `--history` if that database exists, else the
/// uniform guess.
CellCosts choose_costs(const std::optional<std::string>& costs,
                       const std::optional<std::string>& history,
                       const HistoryResults& history_results);

}  // namespace tally

#endif  // TALLY_RUN_CELL_COSTS_HPP

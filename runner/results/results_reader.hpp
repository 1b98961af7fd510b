// Reads one run's results for check, compare and history: tally's
// results.json, or a `name,metric,value` CSV without header (tally's
// results.csv and PyTorch's pr_time_benchmarks result files alike).
#ifndef TALLY_RESULTS_RESULTS_READER_HPP
#define TALLY_RESULTS_RESULTS_READER_HPP

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "results/run_results.hpp"

namespace tally {

/// One measured value. In results.json a metric's reported value is its min.
struct ResultRow {
  std::string name;    // cell name, e.g. "basic_InlineMod_trace"
  std::string metric;  // e.g. "compile_time_instruction_count"
  double value = 0;
  std::string where;  // "FILE:LINE" (CSV) or "FILE: cells[i]" (JSON)
  /// Every sample when the file keeps them (results.json, Google Benchmark
  /// JSON); empty for a CSV.
  std::vector<double> samples;
  /// The counter that measured it ("callgrind", "wall", ...); empty when
  /// the file does not say (a CSV), which is then treated as exact.
  std::string counter;
};

/// A cell of results.json that produced no metrics, with why.
struct CellOutcome {
  std::string name;
  std::string status;  // skipped | failed | crashed | timeout
  std::string reason;
};

struct Results {
  std::string path;  // the file actually read
  /// results.json's "metadata" object; an empty object for a CSV.
  nlohmann::json metadata = nlohmann::json::object();
  std::vector<ResultRow> rows;  // file order; (name, metric) is unique
  std::vector<CellOutcome> no_metrics;

  /// Appends a row; throws tally::Error(kBadInput) naming both places when
  /// (name, metric) is already there.
  void add(ResultRow row);
  const ResultRow* find(const std::string& name,
                        const std::string& metric) const;
  const CellOutcome* outcome(const std::string& name) const;

 private:
  std::map<std::pair<std::string, std::string>, std::size_t> index_;
};

/// The rows of a run in memory (what read_results gives for its
/// results.json).
Results results_of(const RunResults& run);

/// `path` is a results folder (its results.json, else its results.csv), a
/// .json file (tally's results.json or Google Benchmark's JSON output, see
/// gbench_reader.hpp), or any other file read as CSV. Throws tally::Error:
/// kIoError when nothing can be read, kBadInput (naming file and line) when
/// malformed.
Results read_results(const std::string& path);

}  // namespace tally

#endif  // TALLY_RESULTS_RESULTS_READER_HPP

// Google Benchmark's JSON output (`--benchmark_format=json`, or tally's own
// `export --format gbench-json`) read as a run, so `tally compare` takes one
// on either side.
#ifndef TALLY_RESULTS_GBENCH_READER_HPP
#define TALLY_RESULTS_GBENCH_READER_HPP

#include <nlohmann/json.hpp>
#include <string>

#include "results/results_reader.hpp"

namespace tally {

/// True for a document with a "benchmarks" array and no "cells".
bool is_gbench_json(const nlohmann::json& doc);

/// Each benchmark's repetitions become one row whose samples are their
/// real_time in ns and whose value is their minimum, as tally reports; its
/// name is the run_name and its metric `wall_time_ns`, or the cell and
/// metric that tally's export recorded. What cannot be compared (cpu_time,
/// aggregates, user counters, errors) is listed in metadata.gbench_notes.
/// Throws tally::Error(kBadInput) naming the entry for malformed input.
Results read_gbench_json(const nlohmann::json& doc, const std::string& path);

}  // namespace tally

#endif  // TALLY_RESULTS_GBENCH_READER_HPP

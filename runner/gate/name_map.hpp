// A map from tally's result names to another suite's, so that `tally check
// --names pytorch` reads and writes PyTorch's expected file and dashboards
// with PyTorch's names (configs/pytorch_names.csv).
//
//   # comments and blank lines are allowed
//   tally_name,other_name
//   basic_InlineMod_trace,basic_InlineMod_eager
#ifndef TALLY_GATE_NAME_MAP_HPP
#define TALLY_GATE_NAME_MAP_HPP

#include <map>
#include <string>
#include <vector>

#include "results/results_reader.hpp"

namespace tally::gate {

struct NameMap {
  std::string path;
  std::map<std::string, std::string> names;  // tally name -> other name
};

/// `spec` is "pytorch" (configs/pytorch_names.csv beside tally) or a file.
/// Throws tally::Error: kIoError when unreadable; kBadInput naming FILE:LINE
/// for a row that is not two names, or a name mapped twice either way.
NameMap read_name_map(const std::string& spec);

/// The results that have a counterpart, under its name; `left_out` receives
/// the names of those that have none (each once).
Results rename_results(const Results& results, const NameMap& map,
                       std::vector<std::string>& left_out);

}  // namespace tally::gate

#endif  // TALLY_GATE_NAME_MAP_HPP

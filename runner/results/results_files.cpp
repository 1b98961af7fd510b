#include "results/results_files.hpp"

namespace tally {

std::string results_csv(const std::vector<CellResult>& results) {
  std::string out;
  for (const auto& r : results) {
    if (r.status != CellStatus::kOk) continue;
    for (const auto& [metric, stats] : r.metrics)
      out += r.name + "," + metric + "," + std::to_string(stats.min) + "\n";
  }
  return out;
}

}  // namespace tally

#include "results/results_files.hpp"

#include "results/results_format.hpp"

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

std::string results_json(const RunMetadata& metadata,
                         const std::vector<CellResult>& results) {
  return results_json(to_json(metadata), results);
}

std::string results_json(const nlohmann::json& metadata,
                         const std::vector<CellResult>& results) {
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& r : results) cells.push_back(to_json(r));
  nlohmann::json doc = {{"format_version", kResultsFormatVersion},
                        {"metadata", metadata},
                        {"cells", cells}};
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
         "\n";
}

}  // namespace tally

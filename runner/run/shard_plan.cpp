#include "run/shard_plan.hpp"

#include <set>

#include "core/version.hpp"
#include "results/cell_result.hpp"
#include "results/run_metadata.hpp"
#include "run/work_split.hpp"

namespace tally {
namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// The group of a cell across machines: plugin by name, not path (each
// machine may install it elsewhere).
std::string shard_group(const PlannedCell& c) {
  return c.plugin + "|" + to_string(c.counter) + "|" +
         std::to_string(c.memory_limit_mb.value_or(0));
}

}  // namespace

nlohmann::json plan_fingerprint(
    const Plan& plan, const RunRequest& r,
    const std::map<std::string, std::string>& plugin_versions) {
  std::set<std::string> counters;
  nlohmann::json cells = nlohmann::json::array();
  for (const auto& c : plan.cells) {
    counters.insert(to_string(c.counter));
    cells.push_back(c.name);
  }
  std::string counter;
  for (const auto& c : counters) counter += (counter.empty() ? "" : ",") + c;
  return {{"config_sha256", file_sha256(r.config_path)},
          {"plugins", plugin_versions},
          {"tally_version", tally_version()},
          {"counter", counter},
          {"options",
           {{"filter", or_null(r.filter)},
            {"iterations", or_null(r.iterations)},
            {"timeout_s", or_null(r.timeout_s)},
            {"memory_limit_mb", or_null(r.memory_limit_mb)},
            {"profiles", or_null(r.profiles)}}},
          {"cells", cells}};
}

nlohmann::json take_shard(Plan& plan, const ShardSpec& spec,
                          const CellCosts& costs,
                          const nlohmann::json& fingerprint) {
  std::vector<CostedCell> costed;
  for (const auto& c : plan.cells)
    costed.push_back({shard_group(c), costs.cell(c), costs.startup(c)});
  const WorkSplit split = split_work(costed, spec.count);
  std::vector<bool> owned(plan.cells.size(), false);
  for (size_t b : split.lanes[static_cast<size_t>(spec.index - 1)])
    for (size_t i : split.batches[b].cells) owned[i] = true;
  nlohmann::json owned_names = nlohmann::json::array();
  std::vector<PlannedCell> kept;
  for (size_t i = 0; i < plan.cells.size(); ++i)
    if (owned[i]) {
      owned_names.push_back(plan.cells[i].name);
      kept.push_back(std::move(plan.cells[i]));
    }
  plan.cells = std::move(kept);
  // What the partition spends on starting workers, over all shards.
  double startup_s = 0;
  for (const auto& b : split.batches) startup_s += costed[b.cells[0]].startup;
  nlohmann::json skipped = nlohmann::json::array();
  for (const auto& s : plan.skipped) skipped.push_back(to_json(result_for(s)));
  return {{"index", spec.index},
          {"count", spec.count},
          {"fingerprint", fingerprint},
          {"owned", owned_names},
          {"skipped", skipped},
          {"costs", costs.source()},
          {"predicted_s", split.lane_cost},
          {"predicted_makespan_s", split.makespan},
          {"bound_s", split.bound},
          {"worker_starts", split.batches.size()},
          {"startup_s", startup_s}};
}

}  // namespace tally

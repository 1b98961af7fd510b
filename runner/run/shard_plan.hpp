// A shard of a sweep: the cells it owns, from a deterministic cost-balanced
// partition of the whole plan, and the plan's fingerprint, which merge
// compares so that only shards of one plan are put together.
#ifndef TALLY_RUN_SHARD_PLAN_HPP
#define TALLY_RUN_SHARD_PLAN_HPP

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "plan/plan.hpp"
#include "results/run_file.hpp"
#include "run/cell_costs.hpp"
#include "run/shard_spec.hpp"

namespace tally {

/// What must be equal for two shards to belong to one sweep: the config's
/// SHA-256, the plugins with their versions, tally's version, the counter,
/// the options that change what is measured and every planned cell's name.
nlohmann::json plan_fingerprint(
    const Plan& plan, const RunRequest& request,
    const std::map<std::string, std::string>& plugin_versions);

/// Keeps in `plan.cells` only shard `spec`'s cells (in plan order) and
/// returns the shard's record for run.json and results.json: index, count,
/// fingerprint, every planned cell, the owned ones, the skipped ones (as
/// results) and the predicted seconds of every shard.
nlohmann::json take_shard(Plan& plan, const ShardSpec& spec,
                          const CellCosts& costs,
                          const nlohmann::json& fingerprint);

}  // namespace tally

#endif  // TALLY_RUN_SHARD_PLAN_HPP

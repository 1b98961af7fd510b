// The plan phase of a sweep: config → plugins → matrix, narrowed by
// --filter, with the command line's overrides and every counter resolved.
#ifndef TALLY_RUN_SWEEP_PLAN_HPP
#define TALLY_RUN_SWEEP_PLAN_HPP

#include <map>
#include <string>

#include "counters/counter_choice.hpp"
#include "plan/plan.hpp"
#include "results/run_file.hpp"
#include "run/cell_costs.hpp"

namespace tally {

struct SweepPlan {
  Plan plan;
  /// Per counter request ("auto", "perf", …), what it resolved to and why.
  std::map<std::string, CounterChoice> counters;
  CellCosts costs;
  /// Workers at once: --jobs, else what auto chose (run/worker_count.hpp).
  int jobs = 1;
  /// For a shard (--shard): its record (see take_shard); else null.
  nlohmann::json shard_plan;
};

/// Plans `request` (narrowed to its shard, if any); throws Error(kEmptyPlan)
/// when the whole plan has nothing to measure. With `print`, prints the
/// plan and the predicted makespan on its workers.
SweepPlan plan_sweep(const RunRequest& request, bool print,
                     const HistoryResults& history_results);

/// `--dry-run`: every planned cell with its settings and metrics, and every
/// skipped one with the reason.
void print_plan(const Plan& plan);

}  // namespace tally

#endif  // TALLY_RUN_SWEEP_PLAN_HPP

// Runs planned cells in worker processes: one worker measures a batch of
// cells of one plugin in a row (LibTorch and valgrind start once), a crash
// or hang costs only the cell in flight, and the worker restarts for the
// rest. Batches come from a cost-aware split and start longest first.
#ifndef TALLY_RUN_CELL_SCHEDULER_HPP
#define TALLY_RUN_CELL_SCHEDULER_HPP

#include <atomic>
#include <functional>
#include <vector>

#include "plan/plan.hpp"
#include "protocol/messages.hpp"
#include "results/cell_result.hpp"
#include "run/cell_costs.hpp"
#include "run/work_split.hpp"

namespace tally {

struct SchedulerHooks {
  /// A worker began measuring cells[index].
  std::function<void(size_t index)> started;
  /// cells[index] was measured (status ok) by a worker whose dumps are in
  /// `dump_dir`; called before `finished`, to keep what `m` points at.
  std::function<void(size_t index, const Measurement& m,
                     const std::string& dump_dir, CellResult& result)>
      measured;
  /// cells[index] finished (any status).
  std::function<void(size_t index, const CellResult&)> finished;
  /// A worker started `seconds` ago began its first cell, cells[index].
  std::function<void(size_t index, double seconds)> worker_ready;
};

/// The batches for `cells` (counters resolved) on `jobs` workers: a
/// plugin's cells, of one counter and memory limit, share a worker unless
/// splitting them shortens the predicted sweep. A cell's count does not
/// depend on its batch (each runs in a process forked from the same state).
WorkSplit plan_batches(const std::vector<PlannedCell>& cells,
                       const CellCosts& costs, int jobs);

/// Measures `cells` in the batches of `split` (from plan_batches), longest
/// first, with up to `jobs` workers at once. Returns early, leaving
/// unfinished cells unreported, once `stop` becomes true.
void run_cells(const std::vector<PlannedCell>& cells, const WorkSplit& split,
               int jobs, const SchedulerHooks& hooks,
               const std::atomic<bool>* stop = nullptr);

}  // namespace tally

#endif  // TALLY_RUN_CELL_SCHEDULER_HPP

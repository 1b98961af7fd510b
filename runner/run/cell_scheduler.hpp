// Runs planned cells in worker processes: one worker measures several cells
// of one plugin in a row (LibTorch and valgrind start once), a crash or hang
// costs only the cell in flight, and the worker restarts for the rest.
#ifndef TALLY_RUN_CELL_SCHEDULER_HPP
#define TALLY_RUN_CELL_SCHEDULER_HPP

#include <atomic>
#include <functional>
#include <vector>

#include "plan/plan.hpp"
#include "protocol/messages.hpp"
#include "results/cell_result.hpp"

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
};

/// Measures `cells` (counters already resolved) with up to `jobs` workers at
/// once. Returns early, leaving unfinished cells unreported, once `stop`
/// becomes true.
void run_cells(const std::vector<PlannedCell>& cells, int jobs,
               const SchedulerHooks& hooks,
               const std::atomic<bool>* stop = nullptr);

}  // namespace tally

#endif  // TALLY_RUN_CELL_SCHEDULER_HPP

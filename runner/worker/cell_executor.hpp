// Worker side: measures one cell (prepare_once, then N x prepare + work).
#ifndef TALLY_WORKER_CELL_EXECUTOR_HPP
#define TALLY_WORKER_CELL_EXECUTOR_HPP

#include <string>

#include "counters/counter.hpp"
#include "worker/protocol.hpp"

namespace tally {

struct CellOutcome {
  std::string status;  // ok | skipped | failed | crashed
  std::string reason;
  RegionSamples samples;  // ok only: per requested region, one per iteration
  /// ok only: per requested region, the most threads that could have run in
  /// it in any iteration (see thread_census.hpp).
  std::map<std::string, int> threads;
};

/// Runs `job` with `plugin`'s benchmark; plugin exceptions of any type
/// become a failed (or, for SkipCell, skipped) outcome.
CellOutcome execute_cell(const Plugin& plugin, const CellJob& job,
                         Counter& counter);

}  // namespace tally

#endif  // TALLY_WORKER_CELL_EXECUTOR_HPP

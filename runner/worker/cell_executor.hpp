// Worker side: measures one cell (prepare_once, then N x prepare + work).
#ifndef TALLY_WORKER_CELL_EXECUTOR_HPP
#define TALLY_WORKER_CELL_EXECUTOR_HPP

#include "counters/counter.hpp"
#include "protocol/messages.hpp"

namespace tally {

/// Runs `job` with `plugin`'s benchmark; plugin exceptions of any type
/// become a failed (or, for SkipCell, skipped) measurement.
Measurement execute_cell(const Plugin& plugin, const CellJob& job,
                         Counter& counter);

}  // namespace tally

#endif  // TALLY_WORKER_CELL_EXECUTOR_HPP

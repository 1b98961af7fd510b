// Worker side of a run: each cell runs in a child forked from the worker
// once its plugin is loaded. The worker itself allocates nothing between
// forks, and each child reads its own cell from the job pipe, so every cell
// starts from the same process state (heap, LibTorch's caches, thread
// settings) whichever cells run before it: its instruction count does not
// depend on the rest of the sweep or on --filter. A crash costs only that
// cell, not another LibTorch start-up.
#ifndef TALLY_WORKER_FORKED_CELL_HPP
#define TALLY_WORKER_FORKED_CELL_HPP

#include "core/counter_kind.hpp"
#include "tally/plugin.hpp"

namespace tally {

/// Runs the next cell of the job on fd 3 in a forked child, which reports
/// it on fd 4; reports it here if the child dies first. False when the job
/// has no more cells.
bool run_next_cell_in_child(const Plugin& plugin, CounterKind counter);

}  // namespace tally

#endif  // TALLY_WORKER_FORKED_CELL_HPP

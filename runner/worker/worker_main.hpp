// The worker process (the tally-worker binary, started by the host, possibly
// under valgrind): reads its job from fd 3, loads plugins, reports on fd 4.
#ifndef TALLY_WORKER_WORKER_MAIN_HPP
#define TALLY_WORKER_WORKER_MAIN_HPP

namespace tally {

/// Does the job on fd 3; the process's exit code.
int worker_main();

}  // namespace tally

#endif  // TALLY_WORKER_WORKER_MAIN_HPP

// How many threads could have run in a region: those alive when it was
// entered plus those started inside it. results.json reports it per region,
// so a user comparing perf and callgrind figures (or two machines) sees
// whether threads explain a difference.
#ifndef TALLY_WORKER_THREAD_CENSUS_HPP
#define TALLY_WORKER_THREAD_CENSUS_HPP

#include <cstdint>

namespace tally {

/// Threads this process has started so far. The worker binary defines
/// pthread_create, which every library's calls reach first; it counts and
/// forwards to the C library's.
std::uint64_t threads_started();

/// Threads of this process alive now and not exiting, from /proc/self/task;
/// 1 when it cannot be read. Uses no heap, so reading it does not move the
/// counts.
int threads_alive();

}  // namespace tally

#endif  // TALLY_WORKER_THREAD_CENSUS_HPP

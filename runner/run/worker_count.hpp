// How many workers `tally run` starts when --jobs is not given (auto).
#ifndef TALLY_RUN_WORKER_COUNT_HPP
#define TALLY_RUN_WORKER_COUNT_HPP

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "core/counter_kind.hpp"

namespace tally {

struct WorkerCount {
  int jobs = 1;
  std::string why;  // for the console
};

/// Memory a LibTorch worker under callgrind may take at its peak; auto
/// starts no more workers than the available memory holds.
constexpr std::uint64_t kAutoBytesPerWorker = std::uint64_t{2} << 30;

/// `--jobs auto`: under callgrind alone, one worker per CPU this process may
/// run on, as many as `available_bytes` (MemAvailable; none: unknown) holds
/// at kAutoBytesPerWorker each, at most 256; callgrind's counts do not depend
/// on how many run at once. Any other counter gets one worker: parallel
/// workers distort wall and perf figures.
WorkerCount auto_jobs(const std::set<CounterKind>& counters, int cpus,
                      std::optional<std::uint64_t> available_bytes);

/// The CPUs in this process's affinity mask (at least 1).
int usable_cpus();

/// MemAvailable from /proc/meminfo, if it can be read.
std::optional<std::uint64_t> available_memory_bytes();

}  // namespace tally

#endif  // TALLY_RUN_WORKER_COUNT_HPP

#include "run/worker_count.hpp"

#include <sched.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace tally {

WorkerCount auto_jobs(const std::set<CounterKind>& counters, int cpus,
                      std::optional<std::uint64_t> available_bytes) {
  if (counters != std::set<CounterKind>{CounterKind::kCallgrind})
    return {1, "one worker: parallel workers distort wall and perf figures"};
  int jobs = std::clamp(cpus, 1, 256);
  std::string why = std::to_string(cpus) + " CPU(s)";
  if (available_bytes) {
    const auto fit = static_cast<int>(std::min<std::uint64_t>(
        256,
        std::max<std::uint64_t>(1, *available_bytes / kAutoBytesPerWorker)));
    if (fit < jobs) {
      jobs = fit;
      why += ", memory for " + std::to_string(fit) + " (2 GiB each)";
    }
  }
  return {jobs, std::to_string(jobs) + " worker(s) for " + why +
                    "; callgrind's counts do not depend on how many run "
                    "at once"};
}

int usable_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return std::max(1, CPU_COUNT(&set));
}

std::optional<std::uint64_t> available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    std::string key;
    std::uint64_t kib = 0;
    if (fields >> key >> kib && key == "MemAvailable:") return kib * 1024;
  }
  return std::nullopt;
}

}  // namespace tally

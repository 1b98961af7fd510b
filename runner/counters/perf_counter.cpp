#include "counters/perf_counter.hpp"

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.hpp"

namespace tally {
namespace {

int open_instruction_counter() {
  perf_event_attr attr{};
  attr.size = sizeof(attr);
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_INSTRUCTIONS;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  // This thread only, counting from now on.
  return static_cast<int>(
      ::syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
}

std::string paranoid_level() {
  std::ifstream in("/proc/sys/kernel/perf_event_paranoid");
  std::string level;
  in >> level;
  return level.empty() ? "unknown" : level;
}

std::string explain_open_failure(int err) {
  switch (err) {
    case ENOENT:
    case EOPNOTSUPP:
    case ENODEV:
      return "this machine has no hardware instruction counter (no PMU, as "
             "on most cloud VMs): perf_event_open said '" +
             std::string(std::strerror(err)) +
             "'; use --counter callgrind for exact counts";
    case EACCES:
    case EPERM:
      return "perf_event_open was refused (kernel.perf_event_paranoid=" +
             paranoid_level() +
             "); allow user-space counting with `sysctl "
             "kernel.perf_event_paranoid=2` or lower, or run as root";
    case ENOSYS:
      return "this kernel has no perf_event_open";
    default:
      return "perf_event_open failed: " + std::string(std::strerror(err));
  }
}

}  // namespace

PerfCounter::PerfCounter() {
  int fd = open_instruction_counter();
  if (fd < 0)
    throw Error("--counter perf: " + explain_open_failure(errno),
                ExitCode::kNoCounter);
  fd_.reset(fd);
}

std::uint64_t PerfCounter::read_now() const {
  std::uint64_t value = 0;
  if (::read(fd_.get(), &value, sizeof(value)) != sizeof(value))
    throw Error("reading the perf instruction counter failed: " +
                    std::string(std::strerror(errno)),
                ExitCode::kNoCounter);
  return value;
}

std::optional<std::string> perf_unavailable_reason() {
  int fd = open_instruction_counter();
  if (fd < 0) return explain_open_failure(errno);
  Fd owner(fd);
  std::uint64_t value = 0;
  volatile std::uint64_t sink = 0;
  for (int i = 0; i < 1000; ++i) sink = sink + i;
  if (::read(fd, &value, sizeof(value)) != sizeof(value) || value == 0)
    return "perf_event_open opened but counted nothing (a virtual PMU that "
           "does not count instructions)";
  return std::nullopt;
}

}  // namespace tally

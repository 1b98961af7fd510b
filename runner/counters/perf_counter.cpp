#include "counters/perf_counter.hpp"

#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "core/error.hpp"

namespace tally {
namespace {

struct EventSpec {
  std::uint32_t type;
  std::uint64_t config;
};

EventSpec event_spec() {
  const char* name = std::getenv("TALLY_PERF_EVENT");
  const std::string event = name ? name : "";
  if (event.empty() || event == "instructions")
    return {PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS};
  if (event == "task-clock")
    return {PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK};
  throw Error(
      "TALLY_PERF_EVENT must be instructions or task-clock (a test "
      "stand-in), got '" +
          event + "'",
      ExitCode::kUsage);
}

// Disabled until the first region; `inherit` carries it into every thread
// this process starts from now on; `pinned` keeps it on the PMU or in an
// error state, never time-sliced behind our back.
int open_counter(const EventSpec& spec) {
  perf_event_attr attr{};
  attr.size = sizeof(attr);
  attr.type = spec.type;
  attr.config = spec.config;
  attr.disabled = 1;
  attr.inherit = 1;
  attr.pinned = 1;
  attr.exclude_kernel = 1;
  attr.exclude_hv = 1;
  attr.read_format =
      PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  return static_cast<int>(
      ::syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC));
}

int paranoid_level() {
  std::ifstream in("/proc/sys/kernel/perf_event_paranoid");
  int level = INT_MAX;
  in >> level;
  return level;
}

}  // namespace

std::string explain_perf_open_failure(int err, int paranoid) {
  const std::string level =
      paranoid == INT_MAX ? "unknown" : std::to_string(paranoid);
  const std::string container_fix =
      "run the container with --cap-add PERFMON (or a seccomp profile that "
      "allows perf_event_open), or use --counter callgrind";
  switch (err) {
    case ENOENT:
    case EOPNOTSUPP:
    case ENODEV:
      return "this machine has no hardware instruction counter (no PMU, as "
             "on most cloud VMs): perf_event_open said '" +
             std::string(std::strerror(err)) +
             "'; use --counter callgrind for exact counts";
    case EPERM:
      if (paranoid <= 2)
        return "perf_event_open was refused although "
               "kernel.perf_event_paranoid=" +
               level +
               " allows it: a container's seccomp profile or a missing "
               "capability blocks it; " +
               container_fix;
      [[fallthrough]];
    case EACCES:
      return "perf_event_open was refused by kernel.perf_event_paranoid=" +
             level +
             "; allow user-space counting with `sysctl "
             "kernel.perf_event_paranoid=2` (or lower), grant CAP_PERFMON, "
             "or use --counter callgrind";
    case ENOSYS:
      return "perf_event_open does not exist here (ENOSYS): a container's "
             "seccomp profile hides it, or the kernel has no perf events; " +
             container_fix;
    default:
      return "perf_event_open failed: " + std::string(std::strerror(err));
  }
}

namespace {

std::string explain_open_failure(int err) {
  return explain_perf_open_failure(err, paranoid_level());
}

int faults_requested() {
  const char* fault = std::getenv("TALLY_PERF_FAULT");
  if (!fault) return 0;
  if (std::strcmp(fault, "multiplex") == 0) return INT_MAX;
  if (std::strcmp(fault, "multiplex-once") == 0) return 1;
  return 0;
}

}  // namespace

std::optional<std::string> multiplexing_problem(std::uint64_t enabled,
                                                std::uint64_t running) {
  if (running >= enabled) return std::nullopt;
  const double percent =
      100.0 * static_cast<double>(running) / static_cast<double>(enabled);
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f", std::floor(percent * 10) / 10);
  return std::string("the perf counter ran ") + text +
         " % of the time it was enabled: the kernel multiplexed it because "
         "the PMU is shared (other perf users, the NMI watchdog, a "
         "hypervisor), and a scaled count is not exact; free the PMU (e.g. "
         "`sysctl kernel.nmi_watchdog=0`) or use --counter callgrind";
}

PerfCounter::PerfCounter() : faults_left_(faults_requested()) {
  int fd = open_counter(event_spec());
  if (fd < 0)
    throw Error("--counter perf: " + explain_open_failure(errno),
                ExitCode::kNoCounter);
  fd_.reset(fd);
}

PerfCounter::Reading PerfCounter::read_now() {
  Reading r;
  const ssize_t n = ::read(fd_.get(), &r, sizeof(r));
  if (n == 0) {
    // A pinned counter that lost the PMU reads end-of-file.
    problem_ =
        "the perf counter was pushed off the PMU by another user of it; "
        "free the PMU or use --counter callgrind";
    return start_;
  }
  if (n != static_cast<ssize_t>(sizeof(r)))
    throw Error(
        "reading the perf counter failed: " + std::string(std::strerror(errno)),
        ExitCode::kNoCounter);
  return r;
}

void PerfCounter::resume() {
  start_ = read_now();
  ::ioctl(fd_.get(), PERF_EVENT_IOC_ENABLE, 0);
}

std::uint64_t PerfCounter::pause() {
  ::ioctl(fd_.get(), PERF_EVENT_IOC_DISABLE, 0);
  const Reading end = read_now();
  const std::uint64_t enabled = end.enabled - start_.enabled;
  std::uint64_t running = end.running - start_.running;
  if (faults_left_ > 0 && enabled > 0) {
    --faults_left_;
    running = enabled - enabled / 2;  // half, rounded up: "50.0 %"
  }
  if (!problem_) problem_ = multiplexing_problem(enabled, running);
  return end.value - start_.value;
}

std::optional<std::string> PerfCounter::take_sample_problem() {
  auto problem = std::move(problem_);
  problem_.reset();
  return problem;
}

std::optional<std::string> perf_unavailable_reason() {
  int fd = -1;
  try {
    fd = open_counter(event_spec());
  } catch (const Error& e) {
    return std::string(e.what());
  }
  if (fd < 0) return explain_open_failure(errno);
  Fd owner(fd);
  ::ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
  volatile std::uint64_t sink = 0;
  for (int i = 0; i < 100000; ++i) sink = sink + i;
  ::ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
  PerfCounter::Reading r;
  if (::read(fd, &r, sizeof(r)) != sizeof(r) || r.value == 0)
    return "perf_event_open opened but counted nothing (a virtual PMU that "
           "does not count instructions); use --counter callgrind";
  return std::nullopt;
}

}  // namespace tally

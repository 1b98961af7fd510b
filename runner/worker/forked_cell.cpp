#include "worker/forked_cell.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "core/fd.hpp"
#include "counters/counter.hpp"
#include "worker/cell_executor.hpp"
#include "worker/child_process.hpp"
#include "worker/event_writer.hpp"
#include "worker/job_reader.hpp"
#include "worker/plugin_loader.hpp"

namespace tally {
namespace {

// What a cell's process tells the worker on its private pipe: the cell's
// index once read (kNoMoreCells at the end of the job), then kReported once
// its cell_end event is out, or a byte that says why it could not send it.
constexpr std::int32_t kNoMoreCells = -1;
constexpr char kReported = 'R';

// A plugin that closes fd 4, or opens another file onto it, leaves the
// cell's result nowhere to go: say so, not that the process exited early.
// The exit code says it where the plugin closed the status pipe as well
// (e.g. closed every fd above 2); the codes are unusual, not unique.
struct LostPipe {
  char byte;
  int exit_code;
  const char* reason;
};
constexpr LostPipe kPipeClosed{
    'C', 117,
    "the plugin closed tally's event pipe (fd 4), so the cell's result "
    "could not be sent"};
constexpr LostPipe kPipeReplaced{
    'P', 118,
    "the plugin replaced tally's event pipe (fd 4) with another file, so "
    "the cell's result could not be sent"};

[[noreturn]] void finish_child(int status_fd, const char* message, size_t size,
                               int exit_code_if_unsent = 3) {
  const int err = write_fully(status_fd, message, size);
  std::fflush(nullptr);
  // _exit: the worker's static destructors and atexit hooks are not this
  // cell's to run.
  ::_exit(err == 0 ? 0 : exit_code_if_unsent);
}

[[noreturn]] void finish_lost_pipe(int status_fd, const LostPipe& lost) {
  finish_child(status_fd, &lost.byte, 1, lost.exit_code);
}

// The open file behind an fd, or none when the fd is closed.
std::optional<std::pair<dev_t, ino_t>> open_file_of(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::nullopt;
  return std::make_pair(st.st_dev, st.st_ino);
}

// Sends the cell's result on fd 4 if the plugin left it as it was.
// The file on fd 4 when the cell began. A static set out of line, not a
// local of measure_next_cell: a larger frame there moves the stack the
// measured code runs on, and with it the alignment memchr and memcmp see
// (up to 2.5% on the smallest LibTorch cells).
std::pair<dev_t, ino_t> g_events_pipe;

__attribute__((noinline)) void remember_events_pipe() {
  const auto pipe = open_file_of(kWorkerEventsFd);
  if (!pipe) ::_exit(3);  // emit just wrote to it
  g_events_pipe = *pipe;
}

[[noreturn]] void send_cell_end(const CellEnd& end,
                                const std::pair<dev_t, ino_t>& events_pipe,
                                int status_fd) {
  const auto now = open_file_of(kWorkerEventsFd);
  if (!now) finish_lost_pipe(status_fd, kPipeClosed);
  if (*now != events_pipe) finish_lost_pipe(status_fd, kPipeReplaced);
  const std::string line = encode_event(end);
  const int err = write_fully(kWorkerEventsFd, line.data(), line.size());
  // EBADF: a thread the plugin left running closed it since.
  if (err == EBADF) finish_lost_pipe(status_fd, kPipeClosed);
  if (err != 0) ::_exit(3);  // the host is gone
  finish_child(status_fd, &kReported, 1);
}

[[noreturn]] void measure_next_cell(const Plugin& plugin,
                                    CounterKind counter_kind, int status_fd) {
  std::optional<CellJob> cell;
  try {
    cell = read_cell_job(kWorkerInputFd);
  } catch (const std::exception& e) {
    emit(Fatal{std::string("bad job: ") + e.what()});
  }
  if (!cell) {
    const std::int32_t end = kNoMoreCells;
    finish_child(status_fd, reinterpret_cast<const char*>(&end), sizeof(end));
  }
  const std::int32_t index = cell->index;
  if (write_fully(status_fd, reinterpret_cast<const char*>(&index),
                  sizeof(index)) != 0)
    ::_exit(3);
  emit(CellBegin{index});
  remember_events_pipe();
  Measurement outcome;
  try {
    // Opened here, while the cell's process has one thread: a perf counter
    // is inherited by every thread the cell starts from now on.
    auto counter = make_counter(counter_kind, cell->keep_profiles);
    outcome = execute_cell(plugin, *cell, *counter);
  } catch (...) {
    outcome =
        Measurement::with(CellStatus::kFailed, describe_current_exception());
  }
  outcome.dump_pid = static_cast<int>(::getpid());
  send_cell_end(CellEnd{index, outcome}, g_events_pipe, status_fd);
}

struct ChildReport {
  char bytes[sizeof(std::int32_t) + 1] = {};
  size_t size = 0;
  int wait_status = 0;
};

// Reads the child's status bytes until it is gone. A process the plugin
// forked may keep the pipe open, so the child's exit, not EOF, ends this.
ChildReport await_child(int fd, pid_t pid) {
  ChildReport report;
  bool exited = false;
  for (;;) {
    pollfd ready{fd, POLLIN, 0};
    const int n_ready = ::poll(&ready, 1, 100);
    bool eof = false;
    if (n_ready > 0 && report.size < sizeof(report.bytes)) {
      ssize_t n = ::read(fd, report.bytes + report.size,
                         sizeof(report.bytes) - report.size);
      if (n > 0)
        report.size += static_cast<size_t>(n);
      else if (n == 0 || errno != EINTR)
        eof = true;
    }
    const bool complete = report.size == sizeof(report.bytes);
    if (!exited) {
      pid_t r =
          ::waitpid(pid, &report.wait_status, eof || complete ? 0 : WNOHANG);
      exited = r == pid || (r < 0 && errno != EINTR);
    }
    if (exited && (eof || complete || n_ready == 0)) return report;
  }
}

// Why a cell's process sent no result: the byte it sent instead, else how
// it ended.
Measurement lost_cell(const ChildReport& report, const ExitStatus& status) {
  Measurement lost;
  lost.status = CellStatus::kFailed;
  for (const LostPipe& pipe : {kPipeClosed, kPipeReplaced}) {
    const bool said = report.size == sizeof(report.bytes) &&
                      report.bytes[sizeof(std::int32_t)] == pipe.byte;
    if (said || (report.size == sizeof(std::int32_t) && !status.signaled &&
                 status.code == pipe.exit_code)) {
      lost.reason = pipe.reason;
      return lost;
    }
  }
  if (status.signaled) {
    lost.status = CellStatus::kCrashed;
    lost.reason = status.crash_reason();
  } else {
    lost.reason = "the cell's process exited (" + status.str() +
                  ") before reporting its result (did the plugin call "
                  "exit()?)";
  }
  return lost;
}

// Reports a cell whose process died before reporting it. Reported from a
// short-lived child so that this process's heap stays as the next cell
// must find it.
void report_lost_cell(std::int32_t index, const ChildReport& child,
                      const ExitStatus& status) {
  auto report = [&] { emit(CellEnd{index, lost_cell(child, status)}); };
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return report();
  if (pid == 0) {
    report();
    std::fflush(nullptr);
    ::_exit(0);
  }
  int ignored = 0;
  while (::waitpid(pid, &ignored, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace

bool run_next_cell_in_child(const Plugin& plugin, CounterKind counter) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    emit(Fatal{std::string("cannot create a pipe: ") + std::strerror(errno)});
    return false;
  }
  Fd status_read(fds[0]), status_write(fds[1]);
  // Unflushed output would otherwise be printed by both processes.
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) {
    emit(Fatal{std::string("cannot fork a cell's process: ") +
               std::strerror(errno)});
    return false;
  }
  if (pid == 0) {
    status_read.reset();
    measure_next_cell(plugin, counter, status_write.get());
  }
  status_write.reset();
  const ChildReport report = await_child(status_read.get(), pid);
  const ExitStatus status = ExitStatus::from_wait(report.wait_status);
  std::int32_t index = kNoMoreCells;
  if (report.size >= sizeof(index))
    std::memcpy(&index, report.bytes, sizeof(index));
  if (report.size < sizeof(index)) {
    // Died before saying which cell it read: nothing can be blamed on a cell.
    if (status.signaled || status.code != 0)
      emit(Fatal{"a cell's process died while reading its cell (" +
                 status.str() + ")"});
    return false;
  }
  if (index == kNoMoreCells) return false;
  if (report.size < sizeof(report.bytes) ||
      report.bytes[sizeof(index)] != kReported)
    report_lost_cell(index, report, status);
  return true;
}

}  // namespace tally

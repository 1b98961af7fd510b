// A child process with piped stderr (stdout merged into it) and extra
// pipes, that dies with its host and is killed with its whole process group
// when the owning object goes away.
#ifndef TALLY_WORKER_CHILD_PROCESS_HPP
#define TALLY_WORKER_CHILD_PROCESS_HPP

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/fd.hpp"

namespace tally {

/// How a child process ended.
struct ExitStatus {
  bool signaled = false;
  int code = 0;             // exit code, or the signal number when signaled
  std::string str() const;  // "exit code 3" / "signal 11 (SIGSEGV)"
  /// "crashed: signal 9 (SIGKILL)" and, for a SIGKILL, where it came from.
  std::string crash_reason() const;
  /// Decodes a waitpid() status.
  static ExitStatus from_wait(int raw);
};

/// A pipe, both ends close-on-exec: {read end, write end}.
std::pair<Fd, Fd> make_pipe();

struct SpawnOptions {
  std::vector<std::string> argv;
  std::vector<std::string> env;  // extra NAME=VALUE entries
  /// When set, only the host's variables whose names start with one of these
  /// are passed on (plus `env`), and the environment is padded to a fixed
  /// size, so the worker's stack and getenv() costs do not vary between
  /// machines and shells.
  std::optional<std::vector<std::string>> keep_env_prefixes;
  std::optional<unsigned long long> address_space_limit_bytes;
  bool disable_aslr = false;  // so repeated runs see the same addresses
  std::string working_dir;    // empty: the host's
  /// When set, the child runs in mount and host-name namespaces of its own
  /// (inside a user namespace of its own when root's is refused) where
  /// `source` is bind-mounted on `target`, before it changes to
  /// working_dir; where that fails it exits 127 with a line on stderr. With
  /// `tmp` set, the child's /tmp is that folder instead of the host's (`target`
  /// under /tmp must exist in it as an empty folder): Python's realpath() reads
  /// /tmp's link and block counts, which grow with the host's /tmp, and so
  /// moved counts.
  struct PrivateMount {
    std::string source, target;
    std::string tmp;  // empty: the host's /tmp
    /// The host name the child sees: a longer one moved an Inductor cell
    /// by 0.04 % (filelock, which guards Inductor's caches, reads it).
    std::string host_name = "tally";
  };
  std::optional<PrivateMount> private_mount;
};

class ChildProcess {
 public:
  /// Starts argv[0] with the child's fd 3 reading `input` from the host and
  /// fd 4 writing events back; stdout and stderr both go to stderr_fd().
  explicit ChildProcess(const SpawnOptions& options);
  ~ChildProcess();  // kills the process group if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  Fd& input() { return input_; }    // host writes the job here, then closes
  Fd& events() { return events_; }  // host reads event lines here
  Fd& output() { return output_; }  // host reads stdout+stderr here
  const Fd& events() const { return events_; }
  const Fd& output() const { return output_; }

  /// Non-blocking reap; the status once the child has exited.
  std::optional<ExitStatus> poll_exit();
  /// Blocks until the child exits.
  ExitStatus wait();
  /// SIGTERM to the group, then SIGKILL after `grace_ms`; returns the status.
  ExitStatus terminate(int grace_ms);
  /// SIGKILL to the whole process group (also kills what the child forked).
  void kill_group();

 private:
  std::optional<ExitStatus> reap(int flags);

  pid_t pid_ = -1;
  std::optional<ExitStatus> status_;
  Fd input_, events_, output_;
};

/// Name of a signal, e.g. "SIGSEGV".
std::string signal_name(int sig);

}  // namespace tally

#endif  // TALLY_WORKER_CHILD_PROCESS_HPP

#include "worker/child_process.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <thread>

#include "core/error.hpp"

extern char** environ;

namespace tally {
namespace {

// The child's fixed descriptors (see ChildProcess's constructor).
constexpr int kChildInputFd = 3;
constexpr int kChildEventsFd = 4;

bool kept(const std::string& name,
          const std::optional<std::vector<std::string>>& prefixes) {
  if (!prefixes) return true;
  for (const auto& prefix : *prefixes)
    if (name.compare(0, prefix.size(), prefix) == 0) return true;
  return false;
}

std::vector<std::string> merged_environment(
    const std::vector<std::string>& extra,
    const std::optional<std::vector<std::string>>& keep_prefixes) {
  std::map<std::string, std::string> vars;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    std::string name = entry.substr(0, entry.find('='));
    if (kept(name, keep_prefixes)) vars[name] = entry;
  }
  for (const auto& entry : extra)
    vars[entry.substr(0, entry.find('='))] = entry;
  std::vector<std::string> out;
  for (auto& [name, entry] : vars) out.push_back(entry);
  return out;
}

// Pads the environment with variables to a multiple of 32 entries, and
// argv and the environment, as laid out on the new process's stack, to a
// multiple of 64 KiB. getenv() compares its name with every entry before a
// match (all of them for an unset name), so the number of entries is part of
// every lookup LibTorch makes while compiling; the pads go last and start
// with a character no looked-up name starts with.
void pad_environment(std::vector<std::string>& env,
                     const std::vector<std::string>& argv) {
  constexpr size_t kUnit = 64 * 1024;
  constexpr size_t kEntries = 32;
  const size_t pads = kEntries - env.size() % kEntries;
  size_t used = 0;
  for (const auto& s : env) used += s.size() + 1 + sizeof(char*);
  for (const auto& s : argv) used += s.size() + 1 + sizeof(char*);
  for (size_t i = 0; i < pads; ++i) {
    char name[32];
    std::snprintf(name, sizeof(name), "_TALLY_PAD_%02zu=", i);
    env.emplace_back(name);
    used += env.back().size() + 1 + sizeof(char*);
  }
  env.back() += std::string((used / kUnit + 1) * kUnit - used, 'x');
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

extern "C" void on_worker_death(int) {}

// PR_SET_PDEATHSIG is not inherited across fork, so what a plugin forks
// would outlive a worker killed with its host. A guardian forked before exec
// stays in the worker's process group and, when the worker dies for any
// reason, kills that whole group (itself included). Only a process that
// leaves the group (setsid, setpgid) escapes it.
void start_guardian() {
  const pid_t worker = ::getpid();
  if (::fork() != 0) return;  // the worker goes on; a failed fork is no guard
  ::closefrom(0);
  sigset_t all;
  sigfillset(&all);
  // SIGTERM to the group must leave the worker its grace period.
  ::sigprocmask(SIG_SETMASK, &all, nullptr);
  struct sigaction action {};
  action.sa_handler = on_worker_death;
  ::sigaction(SIGUSR1, &action, nullptr);
  ::prctl(PR_SET_PDEATHSIG, SIGUSR1);
  sigset_t wait_for = all;
  sigdelset(&wait_for, SIGUSR1);
  while (::getppid() == worker) ::sigsuspend(&wait_for);
  ::kill(0, SIGKILL);
  ::_exit(0);
}

// What a child needs to enter a private mount, made before the fork:
// formatting numbers is not async-signal-safe.
struct MountPlan {
  const SpawnOptions::PrivateMount* mount = nullptr;
  std::string uid_map, gid_map;  // "<id> <id> 1": the user, mapped to itself
  std::string target_in_tmp;     // where `target` lies inside mount->tmp
};

MountPlan plan_mount(const SpawnOptions& options) {
  MountPlan plan;
  if (!options.private_mount) return plan;
  plan.mount = &*options.private_mount;
  plan.uid_map =
      std::to_string(::getuid()) + " " + std::to_string(::getuid()) + " 1";
  plan.gid_map =
      std::to_string(::getgid()) + " " + std::to_string(::getgid()) + " 1";
  const std::string& target = plan.mount->target;
  if (!plan.mount->tmp.empty() && target.rfind("/tmp/", 0) == 0)
    plan.target_in_tmp = plan.mount->tmp + target.substr(4);
  return plan;
}

bool write_text(const char* path, const std::string& text) {
  const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::write(fd, text.data(), text.size()) ==
                  static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok;
}

// Async-signal-safe. Root (with CAP_SYS_ADMIN) needs only the mount and
// host-name namespaces; anyone else, or root in a container that refuses
// them, makes a user namespace first, mapping the user to itself.
bool enter_private_mount(const MountPlan& plan) {
  constexpr int kNamespaces = CLONE_NEWNS | CLONE_NEWUTS;
  if (::geteuid() != 0 || ::unshare(kNamespaces) != 0) {
    if (::unshare(CLONE_NEWUSER | kNamespaces) != 0 ||
        !write_text("/proc/self/setgroups", "deny") ||
        !write_text("/proc/self/uid_map", plan.uid_map) ||
        !write_text("/proc/self/gid_map", plan.gid_map))
      return false;
  }
  const std::string& host = plan.mount->host_name;
  if (::sethostname(host.data(), host.size()) != 0 ||
      ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return false;
  if (plan.target_in_tmp.empty())
    return ::mount(plan.mount->source.c_str(), plan.mount->target.c_str(),
                   nullptr, MS_BIND, nullptr) == 0;
  // The stage into the private /tmp first: once that covers the host's
  // /tmp, the stage's own path there is hidden.
  return ::mount(plan.mount->source.c_str(), plan.target_in_tmp.c_str(),
                 nullptr, MS_BIND, nullptr) == 0 &&
         ::mount(plan.mount->tmp.c_str(), "/tmp", nullptr, MS_BIND | MS_REC,
                 nullptr) == 0;
}

void say(const char* text) { (void)!::write(2, text, std::strlen(text)); }

// Runs in the forked child: only async-signal-safe calls until exec.
[[noreturn]] void exec_child(pid_t host, int input, int events, int output,
                             const SpawnOptions& options,
                             const MountPlan& mount, char** argv, char** envp) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != host) ::_exit(127);  // the host died before prctl
  start_guardian();
  // Move the pipe ends out of the way before placing them at 1-4.
  input = ::fcntl(input, F_DUPFD, 10);
  events = ::fcntl(events, F_DUPFD, 10);
  output = ::fcntl(output, F_DUPFD, 10);
  int devnull = ::open("/dev/null", O_RDONLY);
  if (input < 0 || events < 0 || output < 0 || devnull < 0 ||
      ::dup2(devnull, 0) < 0 || ::dup2(output, 1) < 0 ||
      ::dup2(output, 2) < 0 || ::dup2(input, kChildInputFd) < 0 ||
      ::dup2(events, kChildEventsFd) < 0)
    ::_exit(127);
  ::closefrom(kChildEventsFd + 1);
#if !defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer reserves terabytes of shadow address space: a sanitizer
  // build runs its workers without the limit.
  if (options.address_space_limit_bytes) {
    rlimit limit{*options.address_space_limit_bytes,
                 *options.address_space_limit_bytes};
    ::setrlimit(RLIMIT_AS, &limit);
  }
#endif
  if (options.disable_aslr) ::personality(ADDR_NO_RANDOMIZE);
  if (mount.mount && !enter_private_mount(mount)) {
    const char* why = std::strerror(errno);
    say("tally: cannot show the worker's folder at ");
    say(mount.mount->target.c_str());
    say(": ");
    say(why);
    say("\n");
    ::_exit(127);
  }
  if (!options.working_dir.empty() && ::chdir(options.working_dir.c_str()) != 0)
    ::_exit(127);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  ::execve(argv[0], argv, envp);
  const char* why = std::strerror(errno);
  say("tally: cannot start worker ");
  say(argv[0]);
  say(": ");
  say(why);
  say("\n");
  ::_exit(127);
}

}  // namespace

std::string signal_name(int sig) {
  const char* abbrev = ::sigabbrev_np(sig);
  return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(sig);
}

std::pair<Fd, Fd> make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw Error(std::string("cannot create a pipe: ") + std::strerror(errno),
                ExitCode::kIoError);
  return {Fd(fds[0]), Fd(fds[1])};
}

ExitStatus ExitStatus::from_wait(int raw) {
  ExitStatus s;
  if (WIFSIGNALED(raw)) {
    s.signaled = true;
    s.code = WTERMSIG(raw);
  } else {
    s.code = WEXITSTATUS(raw);
  }
  return s;
}

std::string ExitStatus::crash_reason() const {
  std::string reason = "crashed: " + str();
  // tally sends SIGKILL only after a timeout, which is reported as such, so
  // this one came from outside: most often the kernel's OOM killer.
  if (signaled && code == SIGKILL)
    reason +=
        "; tally did not send it: the kernel's OOM killer does this when the "
        "machine runs out of memory (see `dmesg`), and --memory-limit MIB "
        "turns that into a clear per-cell failure";
  return reason;
}

std::string ExitStatus::str() const {
  if (signaled)
    return "signal " + std::to_string(code) + " (" + signal_name(code) + ")";
  return "exit code " + std::to_string(code);
}

ChildProcess::ChildProcess(const SpawnOptions& options) {
  auto [input_read, input_write] = make_pipe();
  auto [events_read, events_write] = make_pipe();
  auto [output_read, output_write] = make_pipe();
  std::vector<std::string> argv_strings = options.argv;
  std::vector<std::string> env_strings =
      merged_environment(options.env, options.keep_env_prefixes);
  if (options.keep_env_prefixes) pad_environment(env_strings, argv_strings);
  std::vector<char*> argv = c_strings(argv_strings);
  std::vector<char*> envp = c_strings(env_strings);
  const MountPlan mount = plan_mount(options);
  const pid_t host = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0)
    throw Error(std::string("cannot fork a worker: ") + std::strerror(errno),
                ExitCode::kIoError);
  if (pid_ == 0)
    exec_child(host, input_read.get(), events_write.get(), output_write.get(),
               options, mount, argv.data(), envp.data());
  // Also set here: kill_group() must work even before the child runs.
  ::setpgid(pid_, pid_);
  input_ = std::move(input_write);
  events_ = std::move(events_read);
  output_ = std::move(output_read);
}

ChildProcess::~ChildProcess() {
  if (!status_) {
    kill_group();
    wait();
  }
}

std::optional<ExitStatus> ChildProcess::poll_exit() { return reap(WNOHANG); }

ExitStatus ChildProcess::wait() {
  while (!reap(0)) {
  }
  return *status_;
}

std::optional<ExitStatus> ChildProcess::reap(int flags) {
  if (status_) return status_;
  // Peek without reaping so the pid cannot be reused while the rest of its
  // group (anything the worker forked) is killed.
  siginfo_t info{};
  if (::waitid(P_PID, pid_, &info, WEXITED | WNOWAIT | flags) != 0) {
    if (errno == EINTR) return std::nullopt;
    status_ = ExitStatus{true, SIGKILL};
    return status_;
  }
  if (info.si_pid != pid_) return std::nullopt;
  ::kill(-pid_, SIGKILL);
  int raw = 0;
  ::waitpid(pid_, &raw, 0);
  status_ = ExitStatus::from_wait(raw);
  return status_;
}

ExitStatus ChildProcess::terminate(int grace_ms) {
  if (poll_exit()) return *status_;
  ::kill(-pid_, SIGTERM);
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (poll_exit()) return *status_;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill_group();
  return wait();
}

void ChildProcess::kill_group() {
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
}

}  // namespace tally

#include "worker/worker_handle.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "core/cpu_capability.hpp"
#include "core/error.hpp"
#include "core/paths.hpp"
#include "counters/counter_choice.hpp"

namespace tally {
namespace {

constexpr size_t kTailBytes = 4096;
constexpr char kUnstagedDumpDir[] = "/tmp";

std::vector<std::string> callgrind_argv(const std::string& dump_dir) {
  auto valgrind = find_valgrind();
  if (!valgrind)
    throw Error("--counter callgrind: valgrind is not installed",
                ExitCode::kNoCounter);
  std::vector<std::string> argv = {
      *valgrind, "--tool=callgrind", "--instr-atstart=no",
      "--collect-atstart=yes", "--dump-line=no",
      // No gdbserver: its FIFO, mapped into the worker, is named after the
      // pid, the user and the host.
      "--vgdb=no", "--callgrind-out-file=" + dump_dir + "/cg.%p"};
  // Extra callgrind options (e.g. --instr-atstart=yes to measure what
  // deferred instrumentation saves); valgrind lets later options win.
  if (const char* extra = std::getenv("TALLY_VALGRIND_OPTIONS")) {
    std::istringstream words(extra);
    for (std::string word; words >> word;) argv.push_back(word);
  }
  return argv;
}

std::unique_ptr<WorkerStage> make_stage(const WorkerLaunch& launch,
                                        const WorkerJob& job) {
  if (!launch.staged) return nullptr;
  return std::make_unique<WorkerStage>(
      worker_executable(), job.plugins.empty() ? "" : job.plugins.front(),
      job.python_plugin);
}

WorkerJob staged_job(WorkerJob job, const WorkerStage* stage) {
  if (stage && !job.plugins.empty()) job.plugins.front() = stage->plugin();
  if (stage && !job.python_plugin.empty())
    job.python_plugin = stage->python_plugin();
  return job;
}

}  // namespace

SpawnOptions worker_spawn_options(const WorkerLaunch& launch,
                                  const WorkerStage* stage) {
  SpawnOptions options;
  // Only the stage's own strings reach a measuring worker: its folder is
  // the working directory, HOME, TMPDIR and the dump folder.
  const std::string dump_dir = stage ? stage->view() : kUnstagedDumpDir;
  if (launch.counter == CounterKind::kCallgrind) {
    options.argv = callgrind_argv(dump_dir);
    options.env.push_back("TALLY_CALLGRIND_DUMP_DIR=" + dump_dir);
    // Same addresses in every run, so counts repeat to the instruction.
    options.disable_aslr = true;
  }
  if (auto isa = pinned_aten_capability(launch.counter))
    options.env.push_back(std::string(kAtenCapabilityVariable) + "=" + *isa);
  options.argv.push_back(stage ? stage->executable() : worker_executable());
  // What the loader, LibTorch, ATen, oneDNN, CUDA, OpenMP, MKL and the
  // sanitizers read,
  // and tally's own; the rest of the shell's environment differs between
  // machines and would move counts (iai-callgrind clears it too).
  options.keep_env_prefixes = std::vector<std::string>{
      "PATH",     "LD_",       "HOME",    "TMPDIR", "TALLY_", "TORCH_",
      "PYTORCH_", "CUDA_",     "NVIDIA_", "OMP_",   "KMP_",   "GOMP_",
      "MKL_",     "VALGRIND_", "ASAN_",   "UBSAN_", "LSAN_",  "ATEN_",
      "ONEDNN_",  "DNNL_"};
  if (stage) {
    options.private_mount = stage->private_mount();
    options.working_dir = stage->view();
    options.env.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
    options.env.push_back("HOME=" + stage->view());
    options.env.push_back("TMPDIR=" + stage->view());
    // The Python plugin needs no fixed alias for a cell's folder then.
    if (stage->private_mount()) options.env.push_back("TALLY_STAGE_FIXED=1");
  }
  // One thread unless a cell asks for more, so counts do not depend on
  // scheduling; plugins apply Cell::threads themselves.
  options.env.push_back("OMP_NUM_THREADS=1");
  options.env.push_back("MKL_NUM_THREADS=1");
  if (launch.memory_limit_mb && launch.counter != CounterKind::kCallgrind)
    options.address_space_limit_bytes =
        static_cast<unsigned long long>(*launch.memory_limit_mb * 1024 * 1024);
  return options;
}

WorkerHandle::WorkerHandle(const WorkerLaunch& launch, const WorkerJob& job,
                           const std::vector<CellJob>& cells)
    : stage_(make_stage(launch, job)),
      process_(worker_spawn_options(launch, stage_.get())) {
  ::signal(SIGPIPE, SIG_IGN);
  job_left_ = encode_job(staged_job(job, stage_.get()), cells);
  const int input = process_.input().get();
  ::fcntl(input, F_SETFL, ::fcntl(input, F_GETFL) | O_NONBLOCK);
  write_job();
}

void WorkerHandle::write_job() {
  while (!job_left_.empty()) {
    ssize_t n =
        ::write(process_.input().get(), job_left_.data(), job_left_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;  // the pipe is full for now
    // Any other failure means the worker is gone; its exit status says why.
    if (n <= 0) break;
    job_left_.erase(0, static_cast<size_t>(n));
  }
  job_left_.clear();
  process_.input().reset();
}

void WorkerHandle::pump(const std::vector<WorkerHandle*>& workers,
                        int timeout_ms) {
  std::vector<pollfd> fds;
  enum class Stream { kEvents, kOutput, kJob };
  std::vector<std::pair<WorkerHandle*, Stream>> owners;
  for (WorkerHandle* w : workers) {
    if (w->process_.input().valid()) {
      fds.push_back({w->process_.input().get(), POLLOUT, 0});
      owners.emplace_back(w, Stream::kJob);
    }
    if (w->process_.events().valid()) {
      fds.push_back({w->process_.events().get(), POLLIN, 0});
      owners.emplace_back(w, Stream::kEvents);
    }
    if (w->process_.output().valid()) {
      fds.push_back({w->process_.output().get(), POLLIN, 0});
      owners.emplace_back(w, Stream::kOutput);
    }
  }
  if (fds.empty()) {
    if (timeout_ms > 0) ::poll(nullptr, 0, std::min(timeout_ms, 50));
    return;
  }
  if (::poll(fds.data(), fds.size(), timeout_ms) <= 0) return;
  for (size_t i = 0; i < fds.size(); ++i) {
    if (!fds[i].revents) continue;
    auto [worker, stream] = owners[i];
    if (stream == Stream::kEvents)
      worker->read_events();
    else if (stream == Stream::kOutput)
      worker->read_output();
    else
      worker->write_job();
  }
}

void WorkerHandle::read_events() {
  char buffer[65536];
  ssize_t n = ::read(process_.events().get(), buffer, sizeof(buffer));
  if (n < 0 && errno == EINTR) return;
  if (n <= 0) {
    process_.events().reset();
    if (!partial_line_.empty())
      protocol_violation("its last event line is cut short: '" +
                         partial_line_.substr(0, 60) + "'");
    return;
  }
  received_ += static_cast<size_t>(n);
  if (protocol_error_) return;  // nothing it says can be trusted any more
  partial_line_.append(buffer, static_cast<size_t>(n));
  size_t newline;
  while (!protocol_error_ &&
         (newline = partial_line_.find('\n')) != std::string::npos) {
    const std::string line = partial_line_.substr(0, newline);
    partial_line_.erase(0, newline + 1);
    ++event_lines_;
    try {
      events_.emplace_back(unstaged(decode_event(line)), output_total_);
    } catch (const ProtocolError& e) {
      protocol_violation("line " + std::to_string(event_lines_) + ": " +
                         e.what());
    }
  }
  if (partial_line_.size() > kMaxEventLineBytes)
    protocol_violation("an event line is longer than " +
                       std::to_string(kMaxEventLineBytes >> 20) + " MiB");
}

void WorkerHandle::protocol_violation(const std::string& what) {
  if (protocol_error_) return;
  protocol_error_ = "the worker broke the event protocol (" + what +
                    "); did the plugin write to fd " +
                    std::to_string(kWorkerEventsFd) + "?";
  partial_line_.clear();
}

WorkerEvent WorkerHandle::unstaged(WorkerEvent event) const {
  if (!stage_) return event;
  if (auto* bad = std::get_if<PluginBad>(&event))
    bad->reason = unstaged(std::move(bad->reason));
  else if (auto* fatal = std::get_if<Fatal>(&event))
    fatal->reason = unstaged(std::move(fatal->reason));
  else if (auto* end = std::get_if<CellEnd>(&event))
    end->measurement.reason = unstaged(std::move(end->measurement.reason));
  return event;
}

// Messages name the plugin as the user gave it, not its staged copy.
std::string WorkerHandle::unstaged(std::string text) const {
  const std::string& staged = stage_->plugin();
  if (staged.empty() || staged == stage_->original_plugin()) return text;
  for (size_t at = 0; (at = text.find(staged, at)) != std::string::npos;) {
    text.replace(at, staged.size(), stage_->original_plugin());
    at += stage_->original_plugin().size();
  }
  return text;
}

void WorkerHandle::read_output() {
  char buffer[65536];
  ssize_t n = ::read(process_.output().get(), buffer, sizeof(buffer));
  if (n < 0 && errno == EINTR) return;
  if (n <= 0) {
    process_.output().reset();
    return;
  }
  received_ += static_cast<size_t>(n);
  output_total_ += static_cast<size_t>(n);
  tail_.append(buffer, static_cast<size_t>(n));
  if (tail_.size() > 2 * kTailBytes) tail_.erase(0, tail_.size() - kTailBytes);
}

void WorkerHandle::drain() {
  for (size_t before = received_ + 1;
       received_ != before && !streams_closed();) {
    before = received_;
    pump({this}, 0);
  }
  process_.events().reset();
  process_.output().reset();
}

std::string WorkerHandle::dump_dir() const {
  return stage_ ? stage_->dir() : kUnstagedDumpDir;
}

std::optional<WorkerEvent> WorkerHandle::next_event() {
  if (events_.empty()) return std::nullopt;
  auto event = std::move(events_.front().first);
  last_event_output_ = events_.front().second;
  events_.pop_front();
  return event;
}

void WorkerHandle::clear_output_tail() {
  const size_t after = output_total_ - last_event_output_;
  if (after < tail_.size()) tail_.erase(0, tail_.size() - after);
}

std::string WorkerHandle::output_tail() const {
  std::string tail = tail_.size() > kTailBytes
                         ? tail_.substr(tail_.size() - kTailBytes)
                         : tail_;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == ' '))
    tail.pop_back();
  return tail;
}

}  // namespace tally

#include "run/cell_scheduler.hpp"

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "core/error.hpp"
#include "core/seconds.hpp"
#include "counters/counter.hpp"
#include "worker/worker_handle.hpp"

namespace tally {
namespace {

using Clock = std::chrono::steady_clock;

// Time a worker may take to start (valgrind and LibTorch load) on top of
// its first cell's timeout.
constexpr auto kStartupAllowance = std::chrono::seconds(120);
constexpr int kTerminateGraceMs = 2000;

using Batch = std::deque<size_t>;  // indices into the cells, in plan order

std::deque<Batch> queue_of(const WorkSplit& split) {
  std::deque<Batch> batches;
  for (const auto& b : split.batches)
    batches.emplace_back(b.cells.begin(), b.cells.end());
  return batches;
}

// RLIMIT_AS makes allocations fail instead of letting the kernel kill the
// worker, so running out shows as std::bad_alloc, or as an abort or crash in
// code that does not check malloc; the reason or the output tells which.
std::string with_memory_limit(const PlannedCell& cell,
                              const std::string& reason,
                              const std::string& tail) {
  if (!cell.memory_limit_mb || cell.counter == CounterKind::kCallgrind)
    return reason;
  for (const char* sign : {"bad_alloc", "out of memory",
                           "Cannot allocate memory", "memory exhausted"})
    if (reason.find(sign) != std::string::npos ||
        tail.find(sign) != std::string::npos)
      return "exceeded its memory limit of " +
             std::to_string(static_cast<long long>(*cell.memory_limit_mb)) +
             " MiB (" + reason + ")";
  return reason;
}

struct ActiveWorker {
  std::unique_ptr<WorkerHandle> handle;
  Batch pending;  // not finished yet, front first
  /// A Python cell's worker knows its cell as 0 (see job_index()); this is
  /// the cell's index here. Unset where the worker is given our indices.
  std::optional<size_t> only_cell;
  std::optional<size_t> current;
  bool began_any = false;
  Clock::time_point launched = Clock::now();
  bool done = false;
  std::string fatal;
  std::optional<std::string> protocol_error;  // what it did wrong
  Clock::time_point cell_start, deadline;
};

class Scheduler {
 public:
  Scheduler(const std::vector<PlannedCell>& cells, const SchedulerHooks& hooks)
      : cells_(cells), hooks_(hooks) {}

  void run(const WorkSplit& split, int jobs, const std::atomic<bool>* stop) {
    queue_ = queue_of(split);
    while (!queue_.empty() || !active_.empty()) {
      if (stop && stop->load()) return;  // active workers die with active_
      while (!queue_.empty() &&
             static_cast<int>(active_.size()) < std::max(jobs, 1)) {
        Batch batch = std::move(queue_.front());
        queue_.pop_front();
        start(std::move(batch));
      }
      std::vector<WorkerHandle*> handles;
      for (auto& w : active_) handles.push_back(w->handle.get());
      WorkerHandle::pump(handles, 100);
      for (auto it = active_.begin(); it != active_.end();) {
        if (service(**it))
          it = active_.erase(it);
        else
          ++it;
      }
    }
  }

 private:
  void start(Batch batch) {
    const PlannedCell& first = cells_[batch.front()];
    auto worker = std::make_unique<ActiveWorker>();
    worker->pending = batch;
    WorkerJob job{WorkerMode::kRun,
                  {first.plugin_path},
                  first.counter,
                  first.python_plugin};
    // A Python cell runs alone (plan_batches), and its job names it cell 0:
    // a Python count follows every byte its worker reads, so the job must
    // not depend on where the cell sits in the plan.
    if (!first.python_plugin.empty() && batch.size() == 1)
      worker->only_cell = batch.front();
    std::vector<CellJob> cell_jobs;
    for (size_t index : batch) {
      const PlannedCell& c = cells_[index];
      cell_jobs.push_back({worker->only_cell ? 0 : static_cast<int>(index),
                           c.benchmark, c.cell, c.iterations, c.regions,
                           c.counter == CounterKind::kCallgrind &&
                               c.profiles != ProfileMode::kNone});
    }
    try {
      WorkerLaunch launch;
      launch.counter = first.counter;
      launch.memory_limit_mb = first.memory_limit_mb;
      worker->handle = std::make_unique<WorkerHandle>(launch, job, cell_jobs);
    } catch (const Error& e) {
      for (size_t index : batch)
        finish(index, CellStatus::kFailed,
               std::string("could not start a worker: ") + e.what(), "");
      return;
    }
    worker->deadline = Clock::now() + kStartupAllowance +
                       std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(first.timeout_s));
    active_.push_back(std::move(worker));
  }

  // Handles a worker's events and end; true when it is gone.
  bool service(ActiveWorker& w) {
    while (auto event = w.handle->next_event()) handle_event(w, *event);
    if (stopped_for_protocol_error(w)) return true;
    if (w.current && Clock::now() > w.deadline) {
      w.handle->process().terminate(kTerminateGraceMs);
      const PlannedCell& cell = cells_[*w.current];
      finish(*w.current, CellStatus::kTimeout,
             "timed out after " + format_seconds(cell.timeout_s) +
                 " (stopped with SIGTERM, then SIGKILL)",
             w.handle->output_tail());
      drop_current(w);
      requeue(w);
      return true;
    }
    if (!w.current && Clock::now() > w.deadline && !w.done) {
      w.handle->process().terminate(kTerminateGraceMs);
      fail_all(w, "the worker did not start a cell within its start-up time");
      return true;
    }
    if (!w.handle->streams_closed()) {
      // A process the plugin forked may hold the pipes open after the
      // worker is gone; its exit is what counts.
      if (!w.handle->process().poll_exit()) return false;
      w.handle->drain();
      while (auto event = w.handle->next_event()) handle_event(w, *event);
    } else if (!w.handle->process().poll_exit()) {
      // The worker closed its streams but lives on: hung in exit after
      // reporting everything (stop it), or mid-cell (its deadline applies).
      if (!w.done) return false;
      w.handle->process().terminate(kTerminateGraceMs);
    }
    ExitStatus status = w.handle->process().wait();
    std::string tail = w.handle->output_tail();
    if (!w.fatal.empty()) {
      fail_all(w, w.fatal);
    } else if (w.current) {
      bool signaled = status.signaled;
      finish(*w.current, signaled ? CellStatus::kCrashed : CellStatus::kFailed,
             signaled ? status.crash_reason()
                      : "the worker exited (" + status.str() +
                            ") in the middle of the cell (did the plugin call "
                            "exit()?)",
             tail);
      drop_current(w);
      requeue(w);
    } else if (!w.pending.empty()) {
      if (w.began_any)
        requeue(w);
      else
        fail_all(
            w, std::string(
                   cells_[w.pending.front()].counter == CounterKind::kCallgrind
                       ? "valgrind could not start the worker ("
                       : "the worker ended before measuring anything (") +
                   status.str() + ")" +
                   (tail.empty() ? "" : ": " + last_line(tail)));
    }
    return true;
  }

  // The plan's index of the cell a worker names `index`; one that is no
  // cell of the worker's is caught by is_pending().
  static size_t our_index(const ActiveWorker& w, int index) {
    if (!w.only_cell) return static_cast<size_t>(index);
    return index == 0 ? *w.only_cell : static_cast<size_t>(-1);
  }

  void handle_event(ActiveWorker& w, const WorkerEvent& event) {
    if (const auto* begin = std::get_if<CellBegin>(&event)) {
      const auto index = our_index(w, begin->index);
      if (!is_pending(w, index))
        return protocol_error(w, "began a cell it was not given");
      w.current = index;
      if (!w.began_any && hooks_.worker_ready)
        hooks_.worker_ready(index, seconds_since(w.launched));
      w.began_any = true;
      w.handle->clear_output_tail();
      w.cell_start = Clock::now();
      w.deadline = w.cell_start +
                   std::chrono::duration_cast<Clock::duration>(
                       std::chrono::duration<double>(cells_[index].timeout_s));
      if (hooks_.started) hooks_.started(index);
    } else if (const auto* end = std::get_if<CellEnd>(&event)) {
      const auto index = our_index(w, end->index);
      if (!is_pending(w, index))
        return protocol_error(w, "ended a cell it was not given");
      CellResult result = result_of(w, cells_[index], end->measurement);
      if (result.status == CellStatus::kOk && hooks_.measured)
        hooks_.measured(index, end->measurement, w.handle->dump_dir(), result);
      report(index, result);
      drop(w, index);
      // The next cell's process is forked and reads its cell before it
      // says cell_begin.
      w.deadline = Clock::now() + kStartupAllowance;
    } else if (const auto* fatal = std::get_if<Fatal>(&event)) {
      w.fatal = fatal->reason;
    } else if (std::holds_alternative<Done>(event)) {
      w.done = true;
    } else {
      protocol_error(w, "sent a probe's event to a run");
    }
  }

  // A worker that broke the protocol is stopped; the cell it was in (or
  // the next it would have run) fails with what it did, and the rest run in
  // a new worker. A worker killed by a signal is reported as a crash
  // instead: its last line is torn because it died.
  bool stopped_for_protocol_error(ActiveWorker& w) {
    const auto& problem =
        w.protocol_error ? w.protocol_error : w.handle->protocol_error();
    if (!problem) return false;
    const auto exited = w.handle->process().poll_exit();
    if (exited && exited->signaled) return false;
    const std::string reason = *problem;
    w.handle->process().terminate(kTerminateGraceMs);
    const std::string tail = w.handle->output_tail();
    if (!w.current && !w.pending.empty()) w.current = w.pending.front();
    if (w.current) {
      finish(*w.current, CellStatus::kFailed, reason, tail);
      drop_current(w);
    }
    requeue(w);
    return true;
  }

  CellResult result_of(ActiveWorker& w, const PlannedCell& cell,
                       const Measurement& m) {
    CellResult result = result_for(cell);
    result.status = m.status;
    result.reason = m.reason;
    if (result.status == CellStatus::kFailed ||
        result.status == CellStatus::kCrashed) {
      result.output_tail = w.handle->output_tail();
      result.reason =
          with_memory_limit(cell, result.reason, result.output_tail);
    }
    const std::string quantity = counter_quantity(cell.counter);
    for (const auto& [region, samples] : m.samples)
      if (!samples.empty())
        result.metrics[metric_name(region, quantity)] = summarize(samples);
    result.threads = m.threads;
    result.elapsed_s = seconds_since(w.cell_start);
    return result;
  }

  static bool is_pending(const ActiveWorker& w, size_t index) {
    return std::find(w.pending.begin(), w.pending.end(), index) !=
           w.pending.end();
  }

  // Something the host did not ask for: the stream is not to be trusted.
  void protocol_error(ActiveWorker& w, const std::string& what) {
    w.protocol_error = "the worker " + what;
  }

  void drop_current(ActiveWorker& w) {
    if (w.current) drop(w, *w.current);
  }

  // The cell is finished: no longer pending, no longer current.
  static void drop(ActiveWorker& w, size_t index) {
    auto it = std::find(w.pending.begin(), w.pending.end(), index);
    if (it != w.pending.end()) w.pending.erase(it);
    if (w.current == index) w.current.reset();
  }

  void requeue(ActiveWorker& w) {
    if (!w.pending.empty()) queue_.push_front(std::move(w.pending));
    w.pending.clear();
  }

  void fail_all(ActiveWorker& w, const std::string& reason) {
    std::string tail = w.handle->output_tail();
    for (size_t index : w.pending)
      finish(index, CellStatus::kFailed, reason, tail);
    w.pending.clear();
  }

  void finish(size_t index, CellStatus status, const std::string& reason,
              const std::string& tail) {
    CellResult result = result_for(cells_[index]);
    result.status = status;
    result.reason = with_memory_limit(cells_[index], reason, tail);
    result.output_tail = tail;
    report(index, result);
  }

  void report(size_t index, const CellResult& result) {
    if (hooks_.finished) hooks_.finished(index, result);
  }

  static double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }
  static std::string last_line(const std::string& text) {
    auto pos = text.find_last_of('\n');
    return pos == std::string::npos ? text : text.substr(pos + 1);
  }

  const std::vector<PlannedCell>& cells_;
  const SchedulerHooks& hooks_;
  std::deque<Batch> queue_;
  std::vector<std::unique_ptr<ActiveWorker>> active_;
};

}  // namespace

WorkSplit plan_batches(const std::vector<PlannedCell>& cells,
                       const CellCosts& costs, int jobs) {
  std::vector<CostedCell> costed;
  for (size_t i = 0; i < cells.size(); ++i) {
    const PlannedCell& c = cells[i];
    std::string group = c.plugin_path + "|" + to_string(c.counter) + "|" +
                        std::to_string(c.memory_limit_mb.value_or(0));
    // A Python cell's count followed the other cells its worker was given
    // (their lines in the job moved the heap, and so Python's id-hashed
    // tables): each runs in a worker of its own.
    if (!c.python_plugin.empty()) group += "|" + std::to_string(i);
    costed.push_back({group, costs.cell(c), costs.startup(c)});
  }
  return split_work(costed, jobs);
}

void run_cells(const std::vector<PlannedCell>& cells, const WorkSplit& split,
               int jobs, const SchedulerHooks& hooks,
               const std::atomic<bool>* stop) {
  Scheduler(cells, hooks).run(split, jobs, stop);
}

}  // namespace tally

// Host side of one worker process: starts it with a job, collects its event
// lines and the tail of its stdout/stderr.
#ifndef TALLY_WORKER_WORKER_HANDLE_HPP
#define TALLY_WORKER_WORKER_HANDLE_HPP

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "worker/child_process.hpp"
#include "protocol/messages.hpp"
#include "worker/worker_stage.hpp"

namespace tally {

/// How to start workers: natively or under valgrind's callgrind.
struct WorkerLaunch {
  CounterKind counter = CounterKind::kWall;  // callgrind: under valgrind
  std::optional<double> memory_limit_mb;
  /// Measuring workers run in a WorkerStage with a fixed environment, so
  /// their counts do not depend on where tally, its plugins or the shell
  /// are; probes, which count nothing, run in place.
  bool staged = true;
};

class WorkerHandle {
 public:
  /// Starts the worker and gives it `job`, then `cells` one line each.
  WorkerHandle(const WorkerLaunch& launch, const WorkerJob& job,
               const std::vector<CellJob>& cells = {});

  /// Waits up to `timeout_ms` for any of `workers` to have output or take
  /// more of its job, reads what is there into each one and writes what
  /// its job's pipe takes.
  static void pump(const std::vector<WorkerHandle*>& workers, int timeout_ms);

  /// Complete event lines received so far, oldest first. Lines after a
  /// protocol error are not delivered.
  std::optional<WorkerEvent> next_event();
  /// Why the worker's event stream stopped making sense (a malformed, torn
  /// or oversized line), in one line; the worker should then be stopped.
  const std::optional<std::string>& protocol_error() const {
    return protocol_error_;
  }
  /// True once the worker closed both streams (it exited or is dying).
  bool streams_closed() const {
    return !process_.events().valid() && !process_.output().valid();
  }
  /// After the worker exited: reads what it left in the pipes, then closes
  /// them, since something that escaped its process group may hold them open.
  void drain();
  /// The last few KiB of the worker's stdout and stderr since the last clear.
  std::string output_tail() const;
  /// Forgets the output that came before the event last returned by
  /// next_event(); output read after it is kept, as it may belong to it.
  void clear_output_tail();
  ChildProcess& process() { return process_; }
  /// Where a callgrind worker writes its dumps.
  std::string dump_dir() const;

 private:
  void read_events();
  void read_output();
  void write_job();
  std::string unstaged(std::string text) const;
  WorkerEvent unstaged(WorkerEvent event) const;
  void protocol_violation(const std::string& what);

  // Declared before process_, so the folder outlives the worker.
  std::unique_ptr<WorkerStage> stage_;
  ChildProcess process_;
  // The job's bytes not yet taken by the worker: its cells are read one at
  // a time as they run, so a long job does not fit the pipe at once.
  std::string job_left_;
  std::string partial_line_;
  // Each event with output_total_ when it was read: the two pipes are read
  // separately, so this is how output is told to be before or after it.
  std::deque<std::pair<WorkerEvent, size_t>> events_;
  size_t event_lines_ = 0;
  std::optional<std::string> protocol_error_;
  size_t last_event_output_ = 0;
  std::string tail_;
  size_t output_total_ = 0;  // bytes of output read; tail_ holds the last ones
  size_t received_ = 0;      // bytes read from both streams
};

/// The argv, environment and working directory that start a worker for
/// `launch`, in `stage` when there is one.
SpawnOptions worker_spawn_options(const WorkerLaunch& launch,
                                  const WorkerStage* stage);

}  // namespace tally

#endif  // TALLY_WORKER_WORKER_HANDLE_HPP

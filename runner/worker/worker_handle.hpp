// Host side of one worker process: starts it with a job, collects its event
// lines and the tail of its stdout/stderr.
#ifndef TALLY_WORKER_WORKER_HANDLE_HPP
#define TALLY_WORKER_WORKER_HANDLE_HPP

#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "worker/child_process.hpp"
#include "worker/protocol.hpp"

namespace tally {

/// How to start workers: natively or under valgrind's callgrind.
struct WorkerLaunch {
  std::string counter = "wall";  // callgrind wraps the worker in valgrind
  std::string dump_dir;          // callgrind: private folder for its dumps
  std::optional<double> memory_limit_mb;
};

class WorkerHandle {
 public:
  WorkerHandle(const WorkerLaunch& launch, const WorkerJob& job);

  /// Waits up to `timeout_ms` for any of `workers` to have output, reads
  /// what is there into each one.
  static void pump(const std::vector<WorkerHandle*>& workers, int timeout_ms);

  /// Complete event lines received so far, oldest first.
  std::optional<nlohmann::json> next_event();
  /// True once the worker closed both streams (it exited or is dying).
  bool streams_closed() const { return !process_.events().valid() && !process_.output().valid(); }
  /// The last few KiB of the worker's stdout and stderr since the last clear.
  std::string output_tail() const;
  void clear_output_tail() { tail_.clear(); }
  ChildProcess& process() { return process_; }

 private:
  void read_events();
  void read_output();

  ChildProcess process_;
  std::string partial_line_;
  std::deque<nlohmann::json> events_;
  std::string tail_;
};

/// The argv and environment that start a worker for `launch`.
SpawnOptions worker_spawn_options(const WorkerLaunch& launch);

}  // namespace tally

#endif  // TALLY_WORKER_WORKER_HANDLE_HPP

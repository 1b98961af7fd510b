// Every message between the host and a worker, each defined once and shared
// by both sides. The host writes the job to the worker's fd 3 as JSON lines
// (a WorkerJob, then one CellJob per line); the worker answers on fd 4 with
// one WorkerEvent per line. Plugins may write anything to stdout/stderr;
// only fd 4 carries results.
//
//   host                                worker
//   WorkerJob{probe, files}        ->   ProbeBegin, PluginFound | PluginBad
//                                       (per file), Done
//   WorkerJob{run, plugin}, CellJob… -> per cell CellBegin, CellEnd; Done
//   WorkerJob{overhead}, CellJob   ->   CellBegin, CellEnd, Done
//   (anything)                     <-   Fatal: the job cannot go on
#ifndef TALLY_PROTOCOL_MESSAGES_HPP
#define TALLY_PROTOCOL_MESSAGES_HPP

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/cell_status.hpp"
#include "core/counter_kind.hpp"
#include "protocol/plugin_manifest.hpp"
#include "protocol/wire.hpp"
#include "tally/plugin.hpp"

namespace tally {

inline constexpr int kWorkerInputFd = 3;
inline constexpr int kWorkerEventsFd = 4;
/// Longer event lines are a protocol error, not a reason to run out of
/// memory: the largest real one, a probe's catalog, is far below this.
inline constexpr size_t kMaxEventLineBytes = 4u << 20;

// Host -> worker.

enum class WorkerMode {
  kProbe,     // load plugin files and describe them
  kRun,       // measure cells of one plugin
  kOverhead,  // measure the built-in empty benchmark
};

/// The job's first line.
struct WorkerJob {
  WorkerMode mode = WorkerMode::kRun;
  std::vector<std::string> plugins;  // probe: files; run: the one plugin
  CounterKind counter = CounterKind::kWall;  // run, overhead
  /// python.so, which loads the .py files among `plugins`; "" when none.
  std::string python_plugin;
};

/// One cell for a worker to measure; one line each after the WorkerJob.
struct CellJob {
  int index = 0;  // the host's id for the cell
  std::string benchmark;
  Cell cell;
  int iterations = 5;
  std::vector<std::string> regions;  // to report; "total" is work() itself
  bool keep_profiles = false;  // callgrind: leave the dumps for the host
};

// Worker -> host.

/// Per region, one count per iteration.
using RegionSamples = std::map<std::string, std::vector<std::uint64_t>>;
/// Per region, the most threads that could have run in it in any iteration.
using RegionThreads = std::map<std::string, int>;
/// Per region, per iteration: the numbers of the callgrind dumps whose sum
/// is that sample (one per segment between region edges).
using RegionDumps = std::map<std::string, std::vector<std::vector<int>>>;

struct ProbeBegin {
  int index = 0;  // into WorkerJob::plugins
};
struct PluginFound {
  int index = 0;
  PluginManifest plugin;
};
struct PluginBad {
  int index = 0;
  std::string reason;
};
struct CellBegin {
  int index = 0;  // CellJob::index
};
/// What measuring one cell gave.
struct Measurement {
  static Measurement with(CellStatus status, std::string reason) {
    Measurement m;
    m.status = status;
    m.reason = std::move(reason);
    return m;
  }

  CellStatus status = CellStatus::kFailed;  // ok, skipped, failed or crashed
  std::string reason;
  RegionSamples samples;  // ok only: per requested region
  RegionThreads threads;  // ok only
  /// ok and CellJob::keep_profiles only: where the samples' profiles are,
  /// as DIR/cg.<dump_pid>.<number> in the worker's dump folder.
  RegionDumps dumps;
  int dump_pid = 0;
};
struct CellEnd {
  int index = 0;
  Measurement measurement;
};
struct Fatal {
  std::string reason;
};
struct Done {};

using WorkerEvent = std::variant<ProbeBegin, PluginFound, PluginBad, CellBegin,
                                 CellEnd, Fatal, Done>;

/// The lines the host writes to a worker's fd 3 for `job` and its cells.
std::string encode_job(const WorkerJob& job, const std::vector<CellJob>& cells);
/// Each throws ProtocolError naming the bad field (or the JSON error).
WorkerJob decode_worker_job(std::string_view line);
CellJob decode_cell_job(std::string_view line);

/// One event as a line, newline included.
std::string encode_event(const WorkerEvent& event);
/// Throws ProtocolError naming the bad field (or the JSON error).
WorkerEvent decode_event(std::string_view line);

}  // namespace tally

#endif  // TALLY_PROTOCOL_MESSAGES_HPP

// What the host sends a worker (JSON lines on fd 3: the job, then one line
// per cell) and what the worker sends back (one JSON event per line on
// fd 4). Plugins may write anything to stdout/stderr; only fd 4 carries
// results.
#ifndef TALLY_WORKER_PROTOCOL_HPP
#define TALLY_WORKER_PROTOCOL_HPP

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tally/plugin.hpp"

namespace tally {

inline constexpr int kWorkerInputFd = 3;
inline constexpr int kWorkerEventsFd = 4;

/// One cell for a worker to measure.
struct CellJob {
  int index = 0;  // the host's id for the cell
  std::string benchmark;
  Cell cell;
  int iterations = 5;
  std::vector<std::string> regions;  // to report; "total" is work() itself
};

/// A worker's job: probe plugin files, or measure cells of one plugin.
struct WorkerJob {
  std::string mode;                  // "probe" | "run"
  std::vector<std::string> plugins;  // probe: files; run: the one plugin
  std::string counter;               // run: wall | perf | callgrind
  std::vector<CellJob> cells;        // run
};

/// The bytes the host writes to a worker's fd 3 for `job`.
std::string encode_worker_job(const WorkerJob& job);
/// Reads the job's first line from `fd`, without its cells (`cells` empty).
WorkerJob read_worker_job(int fd);
/// Reads the next cell line from `fd`; nullopt at the end. Reads exactly one
/// line, so the next process to read `fd` gets the next cell.
std::optional<CellJob> read_cell_job(int fd);

/// Per region, one count per iteration.
using RegionSamples = std::map<std::string, std::vector<std::uint64_t>>;

}  // namespace tally

#endif  // TALLY_WORKER_PROTOCOL_HPP

// What the host sends a worker (one job, JSON on fd 3) and what the worker
// sends back (one JSON event per line on fd 4). Plugins may write anything
// to stdout/stderr; only fd 4 carries results.
#ifndef TALLY_WORKER_PROTOCOL_HPP
#define TALLY_WORKER_PROTOCOL_HPP

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
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

nlohmann::json to_json(const WorkerJob& job);
WorkerJob worker_job_from_json(const nlohmann::json& json);

/// Per region, one count per iteration.
using RegionSamples = std::map<std::string, std::vector<std::uint64_t>>;

}  // namespace tally

#endif  // TALLY_WORKER_PROTOCOL_HPP

#include "run/harness_overhead.hpp"

#include <algorithm>
#include <chrono>

#include "counters/counter.hpp"
#include "worker/worker_handle.hpp"

namespace tally {
namespace {

constexpr auto kOverheadTimeout = std::chrono::seconds(60);

// The built-in empty benchmark as one cell: forked and staged like every
// measured cell, so its counts are what a cell's harness costs.
CellJob overhead_cell() {
  CellJob cell;
  cell.benchmark = "tally_harness_overhead";
  cell.cell.backend = "native";
  cell.iterations = 5;
  cell.regions = {"total", "compile_time"};
  return cell;
}

std::uint64_t min_of(const RegionSamples& samples, const char* region) {
  auto it = samples.find(region);
  if (it == samples.end() || it->second.empty()) return 0;
  return *std::min_element(it->second.begin(), it->second.end());
}

}  // namespace

nlohmann::json measure_harness_overhead(CounterKind counter) {
  nlohmann::json out = {{"counter", to_string(counter)}};
  WorkerLaunch launch;
  launch.counter = counter;
  WorkerHandle worker(launch, WorkerJob{WorkerMode::kOverhead, {}, counter, ""},
                      {overhead_cell()});
  const auto deadline = std::chrono::steady_clock::now() + kOverheadTimeout;
  while (!worker.streams_closed() &&
         std::chrono::steady_clock::now() < deadline)
    WorkerHandle::pump({&worker}, 100);
  std::string error = "the overhead worker gave no answer";
  while (auto event = worker.next_event()) {
    if (auto* end = std::get_if<CellEnd>(&*event)) {
      const Measurement& m = end->measurement;
      if (m.status == CellStatus::kOk) {
        out["quantity"] = counter_quantity(counter);
        out["empty_work"] = min_of(m.samples, "total");
        out["empty_region"] = min_of(m.samples, "compile_time");
        return out;
      }
      error = m.reason;
    } else if (auto* fatal = std::get_if<Fatal>(&*event)) {
      error = fatal->reason;
    }
  }
  if (worker.protocol_error()) error = *worker.protocol_error();
  out["error"] = error;
  return out;
}

}  // namespace tally

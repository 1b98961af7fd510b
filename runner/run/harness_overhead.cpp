#include "run/harness_overhead.hpp"

#include <algorithm>
#include <memory>

#include "counters/counter.hpp"
#include "worker/worker_handle.hpp"

namespace tally {

nlohmann::json measure_harness_overhead(const std::string& counter) {
  nlohmann::json out = {{"counter", counter}};
  WorkerLaunch launch;
  launch.counter = counter;
  WorkerJob job;
  job.mode = "overhead";
  job.counter = counter;
  WorkerHandle worker(launch, job);
  for (int waited_ms = 0; !worker.streams_closed() && waited_ms < 60000;
       waited_ms += 100)
    WorkerHandle::pump({&worker}, 100);
  while (auto event = worker.next_event()) {
    if (event->value("event", "") == "overhead" &&
        event->value("status", "") == "ok") {
      auto min_of = [&](const char* region) {
        auto samples =
            (*event)["samples"][region].get<std::vector<std::uint64_t>>();
        return *std::min_element(samples.begin(), samples.end());
      };
      out["quantity"] = counter_quantity(counter);
      out["empty_work"] = min_of("total");
      out["empty_region"] = min_of("compile_time");
      return out;
    }
    if (event->contains("reason") &&
        !(*event)["reason"].get<std::string>().empty())
      out["error"] = (*event)["reason"];
  }
  if (!out.contains("error"))
    out["error"] = "the overhead worker gave no answer";
  return out;
}

}  // namespace tally

#include "worker/cell_executor.hpp"

#include <algorithm>

#include "worker/plugin_loader.hpp"
#include "worker/region_meter.hpp"

namespace tally {
namespace {

const BenchmarkInfo* find_benchmark(const Plugin& plugin,
                                    const std::string& name) {
  for (const auto& b : plugin.benchmarks)
    if (b.name == name) return &b;
  return nullptr;
}

Measurement failed(std::string reason) {
  return Measurement::with(CellStatus::kFailed, std::move(reason));
}

}  // namespace

Measurement execute_cell(const Plugin& plugin, const CellJob& job,
                         Counter& counter) {
  const BenchmarkInfo* info = find_benchmark(plugin, job.benchmark);
  if (!info)
    return failed("plugin '" + plugin.name + "' has no benchmark '" +
                  job.benchmark + "'");
  std::string phase = "make()";
  try {
    std::unique_ptr<Benchmark> benchmark = info->make();
    if (!benchmark) return failed("make() returned no benchmark");
    phase = "prepare_once()";
    benchmark->prepare_once(job.cell);
    counter.before_iterations();
    RegionMeter meter(counter);
    Measurement outcome = Measurement::with(CellStatus::kOk, "");
    for (int i = 0, retries = 0; i < job.iterations; ++i) {
      phase = "prepare()";
      benchmark->prepare();
      phase = "work()";
      auto counts = meter.measure(*benchmark);
      // A sample that is not an exact count is measured once more, then
      // fails the cell: never kept, never scaled.
      if (auto problem = counter.take_sample_problem()) {
        if (retries++ == 0) {
          --i;
          continue;
        }
        return failed("iteration " + std::to_string(i + 1) +
                      ", twice: " + *problem);
      }
      retries = 0;
      for (const auto& region : job.regions) {
        auto it = counts.find(region);
        if (it == counts.end())
          return failed("region '" + region +
                        "' was requested but work() never entered it; a "
                        "count of 0 would be a lie, so the cell fails");
        outcome.samples[region].push_back(it->second);
        const int ran = meter.threads().at(region);
        outcome.threads[region] = std::max(outcome.threads[region], ran);
        outcome.dumps[region].push_back(meter.profiles().at(region));
      }
    }
    counter.after_iterations();
    if (!job.keep_profiles) outcome.dumps.clear();
    return outcome;
  } catch (const SkipCell& skip) {
    return Measurement::with(CellStatus::kSkipped, skip.what());
  } catch (...) {
    return failed(phase + " threw " + describe_current_exception());
  }
}

}  // namespace tally

#include "worker/worker_main.hpp"

#include <string>

#include "counters/counter.hpp"
#include "worker/empty_benchmark.hpp"
#include "worker/event_writer.hpp"
#include "worker/forked_cell.hpp"
#include "worker/job_reader.hpp"
#include "worker/plugin_loader.hpp"

namespace tally {
namespace {

void probe(const WorkerJob& job) {
  for (size_t i = 0; i < job.plugins.size(); ++i) {
    const int index = static_cast<int>(i);
    const std::string& path = job.plugins[i];
    emit(ProbeBegin{index});
    try {
      Plugin plugin = load_plugin(path, job.python_plugin);
      PluginFound found{index, {path, plugin.name, plugin.version, {}, ""}};
      for (const auto& b : plugin.benchmarks)
        found.plugin.benchmarks.push_back(describe(b));
      emit(found);
    } catch (const PluginLoadError& e) {
      emit(PluginBad{index, e.what()});
    } catch (...) {
      emit(PluginBad{index, "loading threw " + describe_current_exception()});
    }
  }
}

// The built-in plugin whose one benchmark measures the harness itself.
Plugin harness_plugin() {
  Plugin plugin;
  BenchmarkInfo info;
  info.name = "tally_harness_overhead";
  info.backends = {"native"};
  info.make = [] { return std::make_unique<EmptyBenchmark>(); };
  plugin.name = "tally";
  plugin.benchmarks.push_back(info);
  return plugin;
}

// Measures the job's cells, each in its own forked process.
void run(const WorkerJob& job) {
  Plugin plugin;
  try {
    // Made here only to fail the whole job early (no PMU, no valgrind).
    make_counter(job.counter);
    plugin = job.mode == WorkerMode::kOverhead ? harness_plugin()
                                               : load_plugin(job.plugins.at(0),
                                                             job.python_plugin);
  } catch (...) {
    emit(Fatal{describe_current_exception()});
    return;
  }
  while (run_next_cell_in_child(plugin, job.counter)) {
  }
}

}  // namespace

int worker_main() {
  WorkerJob job;
  try {
    job = read_worker_job(kWorkerInputFd);
  } catch (const std::exception& e) {
    emit(Fatal{std::string("bad job: ") + e.what()});
    return 1;
  }
  if (job.mode == WorkerMode::kProbe)
    probe(job);
  else
    run(job);
  emit(Done{});
  return 0;
}

}  // namespace tally

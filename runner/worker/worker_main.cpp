// The worker process (`tally __worker`, started by the host, possibly under
// valgrind): reads its job from fd 3, loads plugins, reports on fd 4.
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "discovery/catalog.hpp"
#include "worker/cell_executor.hpp"
#include "worker/empty_benchmark.hpp"
#include "worker/forked_cell.hpp"
#include "worker/plugin_loader.hpp"
#include "worker/protocol.hpp"
#include "worker/worker_events.hpp"

namespace tally {
namespace {

void probe(const WorkerJob& job) {
  for (size_t i = 0; i < job.plugins.size(); ++i) {
    const std::string& path = job.plugins[i];
    emit_event({{"event", "probe_begin"}, {"index", i}});
    try {
      PluginDescriptor d;
      Plugin plugin = load_plugin(path);
      d.path = path;
      d.name = plugin.name;
      d.version = plugin.version;
      for (const auto& b : plugin.benchmarks)
        d.benchmarks.push_back(describe(b));
      emit_event({{"event", "plugin"}, {"index", i}, {"plugin", to_json(d)}});
    } catch (const PluginLoadError& e) {
      emit_event({{"event", "bad"}, {"index", i}, {"reason", e.what()}});
    } catch (...) {
      emit_event({{"event", "bad"},
                  {"index", i},
                  {"reason", "loading threw " + describe_current_exception()}});
    }
  }
}

// Measures the built-in empty benchmark: the harness's own count.
void overhead(const WorkerJob& job) {
  try {
    auto counter = make_counter(job.counter);
    Plugin plugin;
    BenchmarkInfo info;
    info.name = "tally_harness_overhead";
    info.backends = {"native"};
    info.make = [] { return std::make_unique<EmptyBenchmark>(); };
    plugin.name = "tally";
    plugin.benchmarks.push_back(info);
    CellJob cell;
    cell.benchmark = info.name;
    cell.iterations = 5;
    cell.regions = {"total", "compile_time"};
    CellOutcome outcome = execute_cell(plugin, cell, *counter);
    emit_event({{"event", "overhead"},
                {"status", outcome.status},
                {"reason", outcome.reason},
                {"samples", outcome.samples}});
  } catch (...) {
    emit_event({{"event", "fatal"}, {"reason", describe_current_exception()}});
  }
}

void run(const WorkerJob& job) {
  Plugin plugin;
  try {
    // Made here only to fail the whole job early (no PMU, no valgrind).
    make_counter(job.counter);
    plugin = load_plugin(job.plugins.at(0));
  } catch (...) {
    emit_event({{"event", "fatal"}, {"reason", describe_current_exception()}});
    return;
  }
  while (run_next_cell_in_child(plugin, job.counter)) {
  }
}

}  // namespace

int worker_command(const Args&) {
  WorkerJob job;
  try {
    job = read_worker_job(kWorkerInputFd);
  } catch (const std::exception& e) {
    emit_event(
        {{"event", "fatal"}, {"reason", std::string("bad job: ") + e.what()}});
    return 1;
  }
  if (job.mode == "probe")
    probe(job);
  else if (job.mode == "overhead")
    overhead(job);
  else
    run(job);
  emit_event({{"event", "done"}});
  return 0;
}

}  // namespace tally

// The worker process (`tally __worker`, started by the host, possibly under
// valgrind): reads its job from fd 3, loads plugins, reports on fd 4.
#include <unistd.h>

#include <cerrno>
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/fd.hpp"
#include "discovery/catalog.hpp"
#include "worker/cell_executor.hpp"
#include "worker/empty_benchmark.hpp"
#include "worker/plugin_loader.hpp"
#include "worker/protocol.hpp"

namespace tally {
namespace {

std::string read_all(int fd) {
  std::string text;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n > 0)
      text.append(buffer, static_cast<size_t>(n));
    else if (n == 0 || errno != EINTR)
      break;
  }
  ::close(fd);
  return text;
}

void emit(const nlohmann::json& event) {
  std::string line =
      event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
      "\n";
  if (write_fully(kWorkerEventsFd, line.data(), line.size()) != 0)
    ::_exit(3);  // the host is gone
}

void probe(const WorkerJob& job) {
  for (size_t i = 0; i < job.plugins.size(); ++i) {
    const std::string& path = job.plugins[i];
    emit({{"event", "probe_begin"}, {"index", i}});
    try {
      PluginDescriptor d;
      Plugin plugin = load_plugin(path);
      d.path = path;
      d.name = plugin.name;
      d.version = plugin.version;
      for (const auto& b : plugin.benchmarks)
        d.benchmarks.push_back(describe(b));
      emit({{"event", "plugin"}, {"index", i}, {"plugin", to_json(d)}});
    } catch (const PluginLoadError& e) {
      emit({{"event", "bad"}, {"index", i}, {"reason", e.what()}});
    } catch (...) {
      emit({{"event", "bad"},
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
    emit({{"event", "overhead"},
          {"status", outcome.status},
          {"reason", outcome.reason},
          {"samples", outcome.samples}});
  } catch (...) {
    emit({{"event", "fatal"}, {"reason", describe_current_exception()}});
  }
}

void run(const WorkerJob& job) {
  std::unique_ptr<Counter> counter;
  Plugin plugin;
  try {
    counter = make_counter(job.counter);
    plugin = load_plugin(job.plugins.at(0));
  } catch (...) {
    emit({{"event", "fatal"}, {"reason", describe_current_exception()}});
    return;
  }
  for (const auto& cell : job.cells) {
    emit({{"event", "cell_begin"}, {"index", cell.index}});
    CellOutcome outcome = execute_cell(plugin, cell, *counter);
    emit({{"event", "cell_end"},
          {"index", cell.index},
          {"status", outcome.status},
          {"reason", outcome.reason},
          {"samples", outcome.samples}});
  }
}

}  // namespace

int worker_command(const Args&) {
  WorkerJob job;
  try {
    job = worker_job_from_json(nlohmann::json::parse(read_all(kWorkerInputFd)));
  } catch (const std::exception& e) {
    emit({{"event", "fatal"}, {"reason", std::string("bad job: ") + e.what()}});
    return 1;
  }
  if (job.mode == "probe")
    probe(job);
  else if (job.mode == "overhead")
    overhead(job);
  else
    run(job);
  emit({{"event", "done"}});
  return 0;
}

}  // namespace tally

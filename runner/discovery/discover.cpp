#include "discovery/discover.hpp"

#include <chrono>
#include <cstdlib>
#include <map>

#include "core/error.hpp"
#include "core/seconds.hpp"
#include "discovery/plugin_files.hpp"
#include "worker/worker_handle.hpp"

namespace tally {
namespace {

// A plugin whose loading takes longer than this is reported as hanging;
// --probe-timeout or $TALLY_PROBE_TIMEOUT (seconds) changes it, e.g. for slow
// shared file systems.
double probe_timeout_s(std::optional<double> flag) {
  if (flag) return *flag;
  const char* text = std::getenv("TALLY_PROBE_TIMEOUT");
  if (!text || !*text) return 60.0;
  char* end = nullptr;
  double value = std::strtod(text, &end);
  if (*end != '\0' || !(value > 0) || value > 86400)
    throw Error(std::string("TALLY_PROBE_TIMEOUT must be a number of seconds "
                            "between 0 and 86400, got '") +
                    text + "'",
                ExitCode::kUsage);
  return value;
}

std::string crash_reason(const ExitStatus& status, const std::string& tail) {
  std::string reason =
      status.signaled ? "crashed while loading (" + status.str() + ")"
                      : "the probe exited while loading (" + status.str() + ")";
  if (!tail.empty()) {
    auto last = tail.find_last_of('\n');
    reason += ": " + (last == std::string::npos ? tail : tail.substr(last + 1));
  }
  return reason;
}

// Probes files[next…] in one worker; returns the index to restart from
// (files.size() when done) after a crash or hang.
size_t probe_some(const std::vector<std::string>& files, size_t next,
                  double timeout_s, const std::string& python_plugin,
                  std::map<size_t, PluginManifest>& good,
                  std::map<size_t, std::string>& bad) {
  WorkerJob job;
  job.mode = WorkerMode::kProbe;
  job.plugins.assign(files.begin() + static_cast<long>(next), files.end());
  job.python_plugin = python_plugin;
  WorkerLaunch launch;
  launch.staged = false;  // a probe counts nothing
  WorkerHandle worker(launch, job);
  // The file being loaded (when `loading`), else the next one to load.
  size_t current = next;
  bool loading = false;
  const auto timeout =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(timeout_s));
  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool done = false;
  while (!worker.streams_closed()) {
    WorkerHandle::pump({&worker}, 100);
    // A process the plugin forked may hold the pipes after the probe exited.
    if (worker.process().poll_exit()) worker.drain();
    while (auto event = worker.next_event()) {
      if (auto* begin = std::get_if<ProbeBegin>(&*event)) {
        current = next + static_cast<size_t>(begin->index);
        loading = true;
        worker.clear_output_tail();
        deadline = std::chrono::steady_clock::now() + timeout;
      } else if (auto* found = std::get_if<PluginFound>(&*event)) {
        good[current] = std::move(found->plugin);
        ++current;
        loading = false;
      } else if (auto* rejected = std::get_if<PluginBad>(&*event)) {
        bad[current] = std::move(rejected->reason);
        ++current;
        loading = false;
      } else if (std::holds_alternative<Done>(*event)) {
        done = true;
      }
    }
    // A probe that breaks the protocol is stopped and blamed on its file.
    if (worker.protocol_error() && current < files.size()) {
      worker.process().terminate(1000);
      bad[current] = *worker.protocol_error();
      return current + 1;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      worker.process().terminate(1000);
      // Between two files the worker made progress: just start another.
      if (!loading && current > next) return current;
      size_t at = current;
      bad[at] = "hung while loading (no answer in " +
                format_seconds(timeout_s) +
                "; --probe-timeout SECONDS changes the limit)";
      return at + 1;
    }
  }
  ExitStatus status = worker.process().wait();
  if (done) return files.size();
  if (!loading && current > next) return current;
  size_t at = current;
  bad[at] = crash_reason(status, worker.output_tail());
  return at + 1;
}

}  // namespace

Catalog discover_plugins(const std::vector<std::string>& folders,
                         bool allow_insecure,
                         std::optional<double> probe_timeout) {
  const double timeout_s = probe_timeout_s(probe_timeout);
  PluginFileScan scan = scan_plugin_folders(folders, allow_insecure);
  std::map<size_t, PluginManifest> good;
  std::map<size_t, std::string> bad;
  const std::string python_plugin =
      find_python_plugin(folders).value_or(std::string());
  for (size_t next = 0; next < scan.candidates.size();)
    next = probe_some(scan.candidates, next, timeout_s, python_plugin, good,
                      bad);

  Catalog catalog;
  catalog.bad = scan.bad;
  std::map<std::string, std::string> plugin_owner, benchmark_owner;
  for (size_t i = 0; i < scan.candidates.size(); ++i) {
    const std::string& path = scan.candidates[i];
    if (bad.count(i)) {
      catalog.bad.push_back({path, bad[i]});
      continue;
    }
    PluginManifest& plugin = good[i];
    if (auto it = plugin_owner.find(plugin.name); it != plugin_owner.end()) {
      catalog.bad.push_back({path, "plugin name '" + plugin.name +
                                       "' is already taken by " + it->second});
      continue;
    }
    std::string clash;
    for (const auto& b : plugin.benchmarks)
      if (auto it = benchmark_owner.find(b.name); it != benchmark_owner.end())
        clash =
            "benchmark '" + b.name + "' is already provided by " + it->second;
    if (!clash.empty()) {
      catalog.bad.push_back({path, clash});
      continue;
    }
    if (is_benchmark_script(path)) plugin.python_plugin = python_plugin;
    plugin_owner[plugin.name] = path;
    for (const auto& b : plugin.benchmarks) benchmark_owner[b.name] = path;
    catalog.plugins.push_back(std::move(plugin));
  }
  return catalog;
}

}  // namespace tally

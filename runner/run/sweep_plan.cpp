#include "run/sweep_plan.hpp"

#include <cstdio>
#include <iostream>
#include <set>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/name_filter.hpp"
#include "core/param_json.hpp"
#include "counters/counter.hpp"
#include "discovery/discover.hpp"
#include "run/cell_scheduler.hpp"
#include "run/shard_plan.hpp"
#include "run/worker_count.hpp"

namespace tally {
namespace {

void apply_filter(Plan& plan, const std::string& pattern) {
  const NameFilter filter(pattern);
  auto keep = [&](const std::string& name) { return filter.matches(name); };
  std::vector<PlannedCell> cells;
  for (auto& c : plan.cells)
    if (keep(c.name)) cells.push_back(std::move(c));
  std::vector<SkippedCell> skipped;
  for (auto& s : plan.skipped)
    if (keep(s.name)) skipped.push_back(std::move(s));
  plan.cells = std::move(cells);
  plan.skipped = std::move(skipped);
}

void apply_overrides(Plan& plan, const RunRequest& r) {
  for (auto& cell : plan.cells) {
    if (r.iterations) cell.iterations = *r.iterations;
    if (r.counter) cell.counter_request = *r.counter;
    if (r.timeout_s) cell.timeout_s = *r.timeout_s;
    if (r.memory_limit_mb) cell.memory_limit_mb = *r.memory_limit_mb;
    if (r.profiles)
      cell.profiles = parse_profile_mode(*r.profiles).value_or(cell.profiles);
  }
}

// A run that measures nothing is a mistake even when every point was
// skipped for a reason (a GPU matrix on a CPU machine): CI must notice.
[[noreturn]] void refuse_empty(const Plan& plan, const RunRequest& r) {
  throw Error(
      std::string("the matrix in ") + r.config_path +
          " expands to zero cells to measure" +
          (r.filter ? " after --filter '" + *r.filter + "'" : "") +
          (plan.skipped.empty() ? std::string()
                                : " (" + std::to_string(plan.skipped.size()) +
                                      " skipped, e.g. " + plan.skipped[0].name +
                                      ": " + plan.skipped[0].reason + ")") +
          "; nothing to run",
      ExitCode::kEmptyPlan);
}

// Resolves every cell's counter (auto → perf/callgrind/wall) once per
// request, and says what each became.
std::map<std::string, CounterChoice> resolve_counters(Plan& plan) {
  std::map<std::string, CounterChoice> choices;
  for (auto& cell : plan.cells) {
    auto it = choices.find(cell.counter_request);
    if (it == choices.end())
      it = choices
               .emplace(cell.counter_request,
                        choose_counter(cell.counter_request))
               .first;
    cell.counter = it->second.counter;
  }
  for (const auto& [requested, choice] : choices)
    std::cerr << "tally: counter " << to_string(choice.counter) << " ("
              << choice.reason << ")\n";
  return choices;
}

// TorchScript's frontends and executors, which the bundled LibTorch plugins
// measure under these backend names: deprecated upstream (PyTorch 2.10
// warns in torch.jit.script and trace, pointing to torch.export and
// torch.compile). Said once per run, not per cell: LibTorch's C++ API
// prints no warning of its own, and the cells' output stays theirs.
void note_deprecated_backends(const Plan& plan) {
  static const std::set<std::string> kTorchScript = {"jit", "nnc", "script",
                                                     "trace"};
  std::set<std::string> used;
  for (const auto& cell : plan.cells)
    if (kTorchScript.count(cell.cell.backend)) used.insert(cell.cell.backend);
  if (used.empty()) return;
  std::string names;
  for (const auto& b : used) names += (names.empty() ? "" : ", ") + b;
  std::cerr << "tally: note: backend(s) " << names
            << " measure TorchScript, which PyTorch deprecated in 2.10 in "
               "favour of torch.export and torch.compile\n";
}

// --jobs as given (with a warning where parallel workers distort), else
// what auto chooses for the counters the cells use.
int choose_jobs(const Plan& plan, const RunRequest& r) {
  std::set<CounterKind> used;
  for (const auto& cell : plan.cells) used.insert(cell.counter);
  if (!r.jobs) {
    const WorkerCount count =
        auto_jobs(used, usable_cpus(), available_memory_bytes());
    // One worker is what every other harness does; more is worth a line.
    if (count.jobs > 1)
      std::cerr << "tally: --jobs auto: " << count.why << "\n";
    return count.jobs;
  }
  for (const CounterKind counter : used)
    if (counter != CounterKind::kCallgrind && *r.jobs > 1)
      std::cerr << "tally: warning: --jobs " << *r.jobs << " with the "
                << to_string(counter)
                << " counter: parallel workers compete for the CPU and "
                   "distort its figures; only callgrind counts are "
                   "unaffected\n";
  return *r.jobs;
}

// The plugins behind the planned cells, with their versions.
std::map<std::string, std::string> plugin_versions(const Plan& plan,
                                                   const Catalog& catalog) {
  std::map<std::string, std::string> versions;
  for (const auto& cell : plan.cells)
    for (const auto& p : catalog.plugins)
      if (p.path == cell.plugin_path) versions[p.name] = p.version;
  return versions;
}

std::string format_s(double s) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", s);
  return text;
}

// What --dry-run predicts: the makespan against its bound, and per shard.
void print_schedule(const SweepPlan& sweep) {
  const WorkSplit split =
      plan_batches(sweep.plan.cells, sweep.costs, sweep.jobs);
  std::cout << "predicted makespan with --jobs " << sweep.jobs << ": "
            << format_s(split.makespan) << " in " << split.batches.size()
            << " worker(s) (bound max(longest cell, total / workers) + one "
               "start-up: "
            << format_s(split.bound) << "; costs from " << sweep.costs.source()
            << ")\n";
  if (sweep.shard_plan.is_null()) return;
  std::cout << "shard " << sweep.shard_plan["index"] << "/"
            << sweep.shard_plan["count"] << " owns " << sweep.plan.cells.size()
            << " cells; predicted seconds per "
            << "shard:";
  for (const auto& s : sweep.shard_plan["predicted_s"])
    std::cout << " " << format_s(s.get<double>());
  const auto& p = sweep.shard_plan;
  std::cout << "\nall " << p["count"] << " shards: predicted makespan "
            << format_s(p["predicted_makespan_s"].get<double>()) << " (bound "
            << format_s(p["bound_s"].get<double>()) << "), "
            << p["worker_starts"] << " worker start-ups, "
            << format_s(p["startup_s"].get<double>()) << " of start-up\n";
}

}  // namespace

SweepPlan plan_sweep(const RunRequest& r, bool print,
                     const HistoryResults& history_results) {
  Config config = load_config(r.config_path);
  Catalog catalog = discover_plugins(r.plugin_folders, r.allow_insecure_plugins,
                                     r.probe_timeout_s);
  for (const auto& bad : catalog.bad)
    std::cerr << "tally: warning: skipping plugin file " << bad.path << ": "
              << bad.reason << "\n";
  SweepPlan sweep;
  sweep.plan = expand_matrix(config, catalog);
  if (r.filter) apply_filter(sweep.plan, *r.filter);
  apply_overrides(sweep.plan, r);
  if (sweep.plan.cells.empty()) {
    if (print) print_plan(sweep.plan);
    refuse_empty(sweep.plan, r);
  }
  sweep.counters = resolve_counters(sweep.plan);
  note_deprecated_backends(sweep.plan);
  sweep.jobs = choose_jobs(sweep.plan, r);
  sweep.costs = choose_costs(r.costs, r.history_db, history_results);
  if (r.shard_index && r.shard_count)
    sweep.shard_plan = take_shard(
        sweep.plan, {*r.shard_index, *r.shard_count}, sweep.costs,
        plan_fingerprint(sweep.plan, r, plugin_versions(sweep.plan, catalog)));
  if (print) {
    print_plan(sweep.plan);
    print_schedule(sweep);
  }
  return sweep;
}

void print_plan(const Plan& plan) {
  std::cout << "planned cells (" << plan.cells.size() << "):\n";
  for (const auto& c : plan.cells) {
    std::cout << "  " << c.name << "  [" << c.plugin << "/" << c.benchmark
              << ", " << c.iterations << " iterations, counter "
              << to_string(c.counter) << ", timeout " << c.timeout_s << " s";
    for (const auto& [name, value] : c.cell.params.all())
      std::cout << ", " << name << "=" << param_to_string(value);
    std::cout << "]\n    metrics:";
    for (const auto& region : c.regions)
      std::cout << " " << metric_name(region, counter_quantity(c.counter));
    std::cout << "\n";
  }
  std::cout << "skipped (" << plan.skipped.size() << "):\n";
  for (const auto& s : plan.skipped)
    std::cout << "  " << s.name << ": " << s.reason << "\n";
}

}  // namespace tally

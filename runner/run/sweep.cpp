#include "run/sweep.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/filesystem.hpp>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "aggregate/history.hpp"
#include "config/config.hpp"
#include "core/name_filter.hpp"
#include "counters/counter.hpp"
#include "counters/counter_choice.hpp"
#include "discovery/discover.hpp"
#include "plan/plan.hpp"
#include "results/console_report.hpp"
#include "results/output_files.hpp"
#include "results/results_files.hpp"
#include "run/cell_scheduler.hpp"
#include "run/harness_overhead.hpp"

namespace tally {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop_signal(int) {
  // A second signal means "now": leave at once, workers die with us.
  if (g_stop.exchange(true)) ::_exit(to_int(ExitCode::kInterrupted));
}

// Installs SIGINT/SIGTERM handlers for the sweep and restores the old ones.
class StopSignals {
 public:
  StopSignals() {
    g_stop = false;
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopSignals() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  struct sigaction old_int_ {
  }, old_term_{};
};

std::string default_out_dir() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::localtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
  std::string dir = std::string("results/") + stamp;
  for (int n = 2; boost::filesystem::exists(dir); ++n)
    dir = std::string("results/") + stamp + "-" + std::to_string(n);
  return dir;
}

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

// Resolves every cell's counter (auto → perf/callgrind/wall) once per value.
std::map<std::string, CounterChoice> resolve_counters(Plan& plan) {
  std::map<std::string, CounterChoice> choices;
  for (auto& cell : plan.cells) {
    auto it = choices.find(cell.counter);
    if (it == choices.end())
      it = choices.emplace(cell.counter, choose_counter(cell.counter)).first;
    cell.counter = it->second.counter;
  }
  return choices;
}

// What `--resume` needs to plan the same cells again, kept in the results
// folder from the start.
constexpr char kRunFile[] = "/run.json";

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

template <typename T>
std::optional<T> json_optional(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<T>();
}

nlohmann::json run_file_json(const SweepOptions& o,
                             const std::string& out_dir) {
  return {{"config_path", boost::filesystem::absolute(o.config_path).string()},
          {"config_sha256", file_sha256(o.config_path)},
          {"plugin_folders", o.plugin_folders},
          {"filter", optional_json(o.filter)},
          {"iterations", optional_json(o.iterations)},
          {"counter", optional_json(o.counter)},
          {"timeout_s", optional_json(o.timeout_s)},
          {"memory_limit_mb", optional_json(o.memory_limit_mb)},
          {"jobs", o.jobs},
          {"history_db", optional_json(o.history_db)},
          {"allow_insecure_plugins", o.allow_insecure_plugins},
          {"probe_timeout_s", optional_json(o.probe_timeout_s)},
          {"out_dir", out_dir}};
}

// The finished cells in an interrupted run's journal, by name. A line cut
// short by the crash is dropped (its cell runs again), and the journal is
// rewritten without it so new lines do not join it.
std::map<std::string, CellResult> recover_journal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::map<std::string, CellResult> done;
  std::string kept, line;
  while (std::getline(in, line)) {
    auto event = nlohmann::json::parse(line, nullptr, false);
    if (!event.is_object()) continue;
    try {
      CellResult result = cell_result_from_json(event);
      if (done.emplace(result.name, std::move(result)).second)
        kept += line + "\n";
    } catch (const std::exception&) {
      // Not a cell line: dropped like a torn one.
    }
  }
  write_file_atomically(path, kept);
  return done;
}

void print_plan(const Plan& plan) {
  std::cout << "planned cells (" << plan.cells.size() << "):\n";
  for (const auto& c : plan.cells) {
    std::cout << "  " << c.name << "  [" << c.plugin << "/" << c.benchmark
              << ", " << c.iterations << " iterations, counter " << c.counter
              << ", timeout " << c.timeout_s << " s";
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

}  // namespace

SweepOptions resume_options(const std::string& dir) {
  const std::string path = dir + kRunFile;
  std::ifstream in(path);
  if (!in)
    throw Error("cannot resume " + dir + ": it has no run.json (" +
                    std::strerror(errno) +
                    "); only a results folder written by `tally run` can be "
                    "resumed",
                ExitCode::kIoError);
  auto j = nlohmann::json::parse(in, nullptr, false);
  SweepOptions o;
  try {
    o.config_path = j.at("config_path").get<std::string>();
    o.plugin_folders = j.at("plugin_folders").get<std::vector<std::string>>();
    o.filter = json_optional<std::string>(j, "filter");
    o.iterations = json_optional<int>(j, "iterations");
    o.counter = json_optional<std::string>(j, "counter");
    o.timeout_s = json_optional<double>(j, "timeout_s");
    o.memory_limit_mb = json_optional<double>(j, "memory_limit_mb");
    o.jobs = j.at("jobs").get<int>();
    o.history_db = json_optional<std::string>(j, "history_db");
    o.allow_insecure_plugins = j.at("allow_insecure_plugins").get<bool>();
    o.probe_timeout_s = json_optional<double>(j, "probe_timeout_s");
    if (file_sha256(o.config_path) != j.at("config_sha256").get<std::string>())
      throw Error("cannot resume " + dir + ": " + o.config_path +
                      " changed (or vanished) since the run started, so the "
                      "plan would differ; start a new run instead",
                  ExitCode::kBadConfig);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + " is damaged (" + e.what() + "); cannot resume",
                ExitCode::kBadInput);
  }
  o.out_dir = dir;
  o.resume = true;
  return o;
}

ExitCode run_sweep(const SweepOptions& options) {
  Config config = load_config(options.config_path);
  Catalog catalog =
      discover_plugins(options.plugin_folders, options.allow_insecure_plugins,
                       options.probe_timeout_s);
  for (const auto& bad : catalog.bad)
    std::cerr << "tally: warning: skipping plugin file " << bad.path << ": "
              << bad.reason << "\n";
  Plan plan = expand_matrix(config, catalog);
  if (options.filter) apply_filter(plan, *options.filter);
  for (auto& cell : plan.cells) {
    if (options.iterations) cell.iterations = *options.iterations;
    if (options.counter) cell.counter = *options.counter;
    if (options.timeout_s) cell.timeout_s = *options.timeout_s;
    if (options.memory_limit_mb)
      cell.memory_limit_mb = *options.memory_limit_mb;
  }
  // A run that measures nothing is a mistake even when every point was
  // skipped for a reason (a GPU matrix on a CPU machine): CI must notice.
  if (plan.cells.empty()) {
    if (options.dry_run) print_plan(plan);
    throw Error(
        std::string("the matrix in ") + options.config_path +
            " expands to zero cells to measure" +
            (options.filter ? " after --filter '" + *options.filter + "'"
                            : "") +
            (plan.skipped.empty()
                 ? std::string()
                 : " (" + std::to_string(plan.skipped.size()) +
                       " skipped, e.g. " + plan.skipped[0].name + ": " +
                       plan.skipped[0].reason + ")") +
            "; nothing to run",
        ExitCode::kEmptyPlan);
  }
  auto choices = resolve_counters(plan);
  for (const auto& [requested, choice] : choices)
    std::cerr << "tally: counter " << choice.counter << " (" << choice.reason
              << ")\n";
  if (options.jobs > 1)
    for (const auto& [requested, choice] : choices)
      if (choice.counter != "callgrind")
        std::cerr
            << "tally: warning: --jobs " << options.jobs << " with the "
            << choice.counter
            << " counter: parallel workers compete for the CPU and "
               "distort its figures; only callgrind counts are unaffected\n";
  if (options.dry_run) {
    print_plan(plan);
    return ExitCode::kOk;
  }

  const std::string out_dir = options.out_dir.value_or(default_out_dir());
  std::map<std::string, CellResult> done;
  if (options.resume) {
    done = recover_journal(out_dir + "/journal.jsonl");
  } else {
    prepare_results_dir(out_dir);
    write_file_atomically(out_dir + kRunFile,
                          run_file_json(options, out_dir).dump(2) + "\n");
  }
  RunMetadata metadata = collect_run_metadata();
  metadata.config_path = options.config_path;
  metadata.config_sha256 = file_sha256(options.config_path);
  metadata.jobs = options.jobs;
  std::set<std::string> used;
  for (const auto& cell : plan.cells) used.insert(cell.counter);
  for (const auto& [requested, choice] : choices)
    if (used.count(choice.counter)) {
      metadata.counter = metadata.counter.empty() ? choice.counter : "mixed";
      metadata.counter_reason = choice.reason;
    }

  if (used.count("callgrind")) metadata.valgrind_version = valgrind_version();
  nlohmann::json overheads = nlohmann::json::array();
  for (const auto& counter : used)
    overheads.push_back(measure_harness_overhead(counter));
  metadata.extra["harness_overhead"] = overheads;

  Journal journal(out_dir + "/journal.jsonl");
  std::vector<std::optional<CellResult>> measured(plan.cells.size());
  // The cells still to measure and, for each, its index in the plan.
  std::vector<PlannedCell> todo;
  std::vector<size_t> plan_index;
  size_t finished = 0;
  for (size_t i = 0; i < plan.cells.size(); ++i) {
    if (auto it = done.find(plan.cells[i].name); it != done.end()) {
      measured[i] = it->second;
      ++finished;
    } else {
      todo.push_back(plan.cells[i]);
      plan_index.push_back(i);
    }
  }
  const auto started = std::chrono::steady_clock::now();
  SchedulerHooks hooks;
  hooks.finished = [&](size_t index, const CellResult& result) {
    measured[plan_index[index]] = result;
    try {
      journal.append(to_json(result).dump());
    } catch (const Error& e) {
      throw Error(std::string(e.what()) + "; " + journal.path() +
                      " keeps the " + std::to_string(finished) +
                      " cells finished before, and `tally run --resume " +
                      out_dir + "` measures the rest",
                  e.code());
    }
    double elapsed = std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - started)
                         .count();
    std::cerr << progress_line(++finished, plan.cells.size(), result, elapsed)
              << "\n";
  };
  hooks.started = [&](size_t index) {
    std::cerr << "  running " << todo[index].name << " …\n";
  };
  if (options.resume)
    std::cerr << "tally: resuming " << out_dir << ": " << finished
              << " cells already finished, " << todo.size() << " to measure\n";
  else
    std::cerr << "tally: " << plan.cells.size() << " cells to measure, "
              << plan.skipped.size() << " skipped; results in " << out_dir
              << "\n";
  {
    StopSignals signals;
    run_cells(todo, options.jobs, hooks, &g_stop);
  }
  const bool interrupted = g_stop.load();

  std::vector<CellResult> results;
  bool any_failed = false;
  for (auto& r : measured)
    if (r) {
      any_failed |=
          r->status != CellStatus::kOk && r->status != CellStatus::kSkipped;
      results.push_back(std::move(*r));
    }
  for (const auto& s : plan.skipped) results.push_back(result_for(s));
  metadata.end_time = utc_now_iso8601();
  write_file_atomically(out_dir + "/results.csv", results_csv(results));
  write_file_atomically(out_dir + "/results.json",
                        results_json(metadata, results));

  std::cout << "\n";
  print_summary(std::cout, results);
  std::cout << "\nwrote " << out_dir << "/results.csv\n"
            << "wrote " << out_dir << "/results.json\n"
            << "wrote " << journal.path() << "\n";
  if (options.history_db) {
    auto added = aggregate::add_to_history(out_dir, *options.history_db);
    std::cout << "added run " << added.run_id << " (" << added.values
              << " values) to history " << *options.history_db << "\n";
  }
  if (interrupted) {
    std::cerr << "tally: interrupted; kept the " << finished
              << " finished cells; `tally run --resume " << out_dir
              << "` measures the rest\n";
    return ExitCode::kInterrupted;
  }
  return any_failed ? ExitCode::kCellsFailed : ExitCode::kOk;
}

}  // namespace tally

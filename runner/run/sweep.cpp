#include "run/sweep.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/filesystem.hpp>
#include <chrono>
#include <ctime>
#include <iostream>
#include <map>
#include <set>

#include "core/cpu_capability.hpp"
#include "counters/counter_choice.hpp"
#include "results/console_report.hpp"
#include "results/environment_fingerprint.hpp"
#include "results/journal.hpp"
#include "results/kept_profiles.hpp"
#include "results/output_files.hpp"
#include "results/results_files.hpp"
#include "results/run_results.hpp"
#include "run/cell_scheduler.hpp"
#include "run/harness_overhead.hpp"
#include "run/sweep_plan.hpp"
#include "run/verify.hpp"

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
    struct sigaction action{};
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
  struct sigaction old_int_{}, old_term_{};
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

// The results folder of a run, new or resumed, and what it knows so far.
struct OpenRun {
  std::string out_dir;
  std::map<std::string, CellResult> done;  // from the journal, by name
  RunMetadata metadata;
};

// What results.json says about profiles: which were kept, or why none.
nlohmann::json profiles_note(const Plan& plan) {
  std::set<std::string> modes;
  bool callgrind = false;
  for (const auto& cell : plan.cells) {
    callgrind |= cell.counter == CounterKind::kCallgrind;
    if (cell.counter == CounterKind::kCallgrind)
      modes.insert(to_string(cell.profiles));
  }
  if (!callgrind)
    return {{"kept", "none"},
            {"why", "profiles are kept only under the callgrind counter"}};
  return {{"kept", modes.size() == 1 ? *modes.begin() : "mixed"},
          {"folder", "profiles"}};
}

RunMetadata describe_run(const SweepOptions& options, const SweepPlan& sweep) {
  RunMetadata metadata = collect_run_metadata();
  metadata.config_path = options.config_path;
  metadata.config_sha256 = file_sha256(options.config_path);
  metadata.jobs = sweep.jobs;
  std::set<CounterKind> used;
  std::set<int> threads;
  for (const auto& cell : sweep.plan.cells) {
    used.insert(cell.counter);
    threads.insert(cell.cell.threads);
  }
  metadata.environment = collect_environment(threads);
  for (const auto& [requested, choice] : sweep.counters)
    if (used.count(choice.counter)) {
      const std::string name = to_string(choice.counter);
      metadata.counter =
          metadata.counter.empty() || metadata.counter == name ? name : "mixed";
      metadata.counter_reason = choice.reason;
    }
  if (used.count(CounterKind::kCallgrind))
    metadata.valgrind_version = valgrind_version();
  // One value per run: a mixed run records callgrind's, the pinned one.
  metadata.aten_cpu_capability = effective_aten_capability(
      used.count(CounterKind::kCallgrind) ? CounterKind::kCallgrind
      : used.empty()                      ? CounterKind::kWall
                                          : *used.begin());
  nlohmann::json overheads = nlohmann::json::array();
  for (const auto counter : used)
    overheads.push_back(measure_harness_overhead(counter));
  metadata.extra["harness_overhead"] = overheads;
  metadata.extra["profiles"] = profiles_note(sweep.plan);
  metadata.extra["costs"] = sweep.costs.source();
  if (!sweep.shard_plan.is_null()) {
    nlohmann::json shard = sweep.shard_plan;
    shard.erase("skipped");  // results.json lists them as cells
    metadata.extra["shard"] = shard;
  }
  return metadata;
}

// A resumed shard must own the cells it owned when it started: a changed
// costs file or plugin set would shift cells between shards.
void check_same_shard(const std::string& dir, const SweepPlan& sweep) {
  const nlohmann::json before = read_shard_plan(dir);
  if (before.is_null() || sweep.shard_plan.is_null()) return;
  if (before.at("fingerprint") != sweep.shard_plan.at("fingerprint") ||
      before.at("owned") != sweep.shard_plan.at("owned"))
    throw Error(
        "cannot resume shard " + dir +
            ": its plan or its cells changed since it started (plugins, "
            "tally or the --costs file differ); rerun the shard into a "
            "new folder",
        ExitCode::kBadConfig);
}

OpenRun open_or_resume(const SweepOptions& options, const SweepPlan& sweep) {
  OpenRun run;
  run.out_dir = options.out_dir.value_or(default_out_dir());
  std::string run_id;
  if (options.resume) {
    check_same_shard(run.out_dir, sweep);
    run.done = recover_journal(run.out_dir + "/journal.jsonl");
    // A resumed run is the same run to a history; a run.json from before
    // run ids gets a new one.
    run_id = read_run_id(run.out_dir, "resume");
    if (run_id.empty()) run_id = new_run_id();
  } else {
    run_id = new_run_id();
    prepare_results_dir(run.out_dir);
    write_run_file(run.out_dir, options, run_id, sweep.shard_plan);
  }
  run.metadata = describe_run(options, sweep);
  run.metadata.run_id = run_id;
  return run;
}

// What the execute phase leaves: per planned cell its result, if finished.
struct Execution {
  std::vector<std::optional<CellResult>> results;
  // Seconds from a worker's launch to its first cell, by plugin: what the
  // next run's --costs weigh a split by.
  std::map<std::string, std::vector<double>> startups;
  size_t finished = 0;
  bool interrupted = false;
  double execute_s = 0;  // wall time of the cells phase: the makespan
};

// Takes the cells `run` already finished into `ex`; returns the others and,
// in `plan_index`, each one's index in the plan.
std::vector<PlannedCell> cells_to_measure(const Plan& plan, const OpenRun& run,
                                          Execution& ex,
                                          std::vector<size_t>& plan_index) {
  ex.results.resize(plan.cells.size());
  std::vector<PlannedCell> todo;
  for (size_t i = 0; i < plan.cells.size(); ++i) {
    if (auto it = run.done.find(plan.cells[i].name); it != run.done.end()) {
      ex.results[i] = it->second;
      ++ex.finished;
    } else {
      todo.push_back(plan.cells[i]);
      plan_index.push_back(i);
    }
  }
  return todo;
}

Execution execute(const SweepOptions& options, const SweepPlan& sweep,
                  const OpenRun& run) {
  const Plan& plan = sweep.plan;
  Execution ex;
  std::vector<size_t> plan_index;
  const std::vector<PlannedCell> todo =
      cells_to_measure(plan, run, ex, plan_index);
  if (options.resume)
    std::cerr << "tally: resuming " << run.out_dir << ": " << ex.finished
              << " cells already finished, " << todo.size() << " to measure\n";
  else
    std::cerr << "tally: " << plan.cells.size() << " cells to measure, "
              << plan.skipped.size() << " skipped; results in " << run.out_dir
              << "\n";
  Journal journal(run.out_dir + "/journal.jsonl");
  const auto started = std::chrono::steady_clock::now();
  SchedulerHooks hooks;
  hooks.finished = [&](size_t index, const CellResult& result) {
    ex.results[plan_index[index]] = result;
    try {
      journal.append(result);
    } catch (const Error& e) {
      throw Error(std::string(e.what()) + "; " + journal.path() +
                      " keeps the " + std::to_string(ex.finished) +
                      " cells finished before, and `tally run --resume " +
                      run.out_dir + "` measures the rest",
                  e.code());
    }
    const double elapsed = std::chrono::duration<double>(
                               std::chrono::steady_clock::now() - started)
                               .count();
    std::cerr << progress_line(++ex.finished, plan.cells.size(), result,
                               elapsed)
              << "\n";
  };
  hooks.measured = [&](size_t index, const Measurement& m,
                       const std::string& dump_dir, CellResult& result) {
    try {
      keep_profiles(todo[index], m, dump_dir, run.out_dir, result);
    } catch (const Error& e) {
      // The count stands without its profile; say why it has none.
      std::cerr << "tally: warning: no profile kept for " << result.name << ": "
                << e.what() << "\n";
    }
  };
  hooks.started = [&](size_t index) {
    std::cerr << "  running " << todo[index].name << " …\n";
  };
  hooks.worker_ready = [&](size_t index, double seconds) {
    ex.startups[todo[index].plugin].push_back(seconds);
  };
  const WorkSplit split = plan_batches(todo, sweep.costs, sweep.jobs);
  {
    StopSignals signals;
    run_cells(todo, split, sweep.jobs, hooks, &g_stop);
  }
  ex.execute_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  ex.interrupted = g_stop.load();
  return ex;
}

// Writes the results files and the summary; the exit code goes into
// `outcome`, which the caller concludes after its analysis steps.
void finalize(const Plan& plan, OpenRun& run, Execution& ex,
              SweepOutcome& outcome) {
  std::vector<CellResult> results;
  bool any_failed = false;
  for (auto& r : ex.results)
    if (r) {
      any_failed |=
          r->status != CellStatus::kOk && r->status != CellStatus::kSkipped;
      results.push_back(std::move(*r));
    }
  for (const auto& s : plan.skipped) results.push_back(result_for(s));
  run.metadata.end_time = utc_now_iso8601();
  nlohmann::json startups = nlohmann::json::object();
  for (const auto& [plugin, seconds] : ex.startups) {
    double sum = 0;
    for (double s : seconds) sum += s;
    startups[plugin] = sum / static_cast<double>(seconds.size());
  }
  run.metadata.extra["worker_startup_s"] = startups;
  run.metadata.extra["execute_s"] = ex.execute_s;
  RunResults written{
      (boost::filesystem::path(run.out_dir) / "results.json").string(),
      to_json(run.metadata), std::move(results)};
  write_file_atomically(run.out_dir + "/results.csv",
                        results_csv(written.cells));
  const std::string text = results_json_text(written);
  write_file_atomically(written.path, text);

  std::cout << "\n";
  print_summary(std::cout, written.cells);
  std::cout << "\nwrote " << run.out_dir << "/results.csv\n"
            << "wrote " << run.out_dir << "/results.json\n"
            << "wrote " << run.out_dir << "/journal.jsonl\n";
  outcome.out_dir = run.out_dir;
  // What the history and the report take is the run as the file has it:
  // the writer replaces bytes that are not UTF-8 (in a plugin's output).
  outcome.results =
      run_results_from_json(nlohmann::json::parse(text), written.path);
  outcome.interrupted = ex.interrupted;
  outcome.finished = ex.finished;
  outcome.code = ex.interrupted ? ExitCode::kInterrupted
                 : any_failed   ? ExitCode::kCellsFailed
                                : ExitCode::kOk;
}

}  // namespace

SweepOptions resume_options(const std::string& dir) {
  SweepOptions options;
  static_cast<RunRequest&>(options) = read_run_file(dir);
  options.out_dir = dir;
  options.resume = true;
  return options;
}

SweepOutcome run_sweep(const SweepOptions& options) {
  SweepOutcome outcome;
  SweepPlan sweep =
      plan_sweep(options, options.dry_run, options.history_results);
  if (options.dry_run) return outcome;
  OpenRun run = open_or_resume(options, sweep);
  Execution ex = execute(options, sweep, run);
  if (options.verify && !ex.interrupted) {
    std::cerr << "tally: --verify: measuring every cell again in new workers\n";
    StopSignals signals;
    outcome.verified =
        verify_cells(sweep.plan.cells, ex.results, sweep.jobs, &g_stop);
    ex.interrupted = g_stop.load();
    run.metadata.extra["verify"] = to_json(*outcome.verified);
  }
  finalize(sweep.plan, run, ex, outcome);
  return outcome;
}

ExitCode conclude(const SweepOutcome& outcome) {
  if (outcome.interrupted) {
    std::cerr << "tally: interrupted; kept the " << outcome.finished
              << " finished cells; `tally run --resume " << outcome.out_dir
              << "` measures the rest\n";
    return outcome.code;
  }
  if (!outcome.verified) return outcome.code;
  print_verify_report(std::cout, *outcome.verified);
  if (outcome.code == ExitCode::kOk &&
      outcome.verified->exact_counter_differences() > 0)
    return ExitCode::kNotRepeatable;
  return outcome.code;
}

}  // namespace tally

// `tally run [CONFIG.yaml]`: measures a matrix of benchmarks.
#include <charconv>
#include <iostream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/plugin_options.hpp"
#include "core/error.hpp"
#include "core/paths.hpp"
#include "core/profile_mode.hpp"
#include "history/history.hpp"
#include "report/report_file.hpp"
#include "run/shard_spec.hpp"
#include "run/sweep.hpp"

namespace tally {
namespace po = boost::program_options;

namespace {

// The flags whose values are checked before they reach SweepOptions.
struct RunFlags {
  std::string filter, counter, out, config, history, profiles, costs, shard,
      resume, jobs;
  int iterations = 0, shard_count = 0;
  double timeout = 0, memory_limit = 0;
};

void add_run_options(po::options_description& options, RunFlags& flags,
                     SweepOptions& sweep) {
  options.add_options()("help,h", "show this help")(
      "config", po::value<std::string>(&flags.config),
      "the matrix file (default: configs/default.yaml beside tally)")(
      "filter", po::value<std::string>(&flags.filter),
      "run only cells whose result name matches this regular expression")(
      "iterations", po::value<int>(&flags.iterations),
      "iterations per cell (overrides the config; default 5)")(
      "counter", po::value<std::string>(&flags.counter),
      "auto | perf | callgrind | wall (overrides the config)")(
      "profiles", po::value<std::string>(&flags.profiles),
      "callgrind profiles kept in profiles/: none | min (the reported, "
      "minimum sample of each metric; default) | all (every sample)")(
      "timeout", po::value<double>(&flags.timeout),
      "seconds per cell before it is stopped (overrides the config)")(
      "out", po::value<std::string>(&flags.out),
      "results folder (default results/<timestamp>/); must be new or empty")(
      "jobs,j", po::value<std::string>(&flags.jobs),
      "workers running at once, or auto (default): under callgrind one per "
      "CPU, as far as memory allows 2 GiB each; else 1")(
      "dry-run", po::bool_switch(&sweep.dry_run),
      "print every planned and skipped cell, run nothing")(
      "verify", po::bool_switch(&sweep.verify),
      "measure every cell a second time in newly started workers and report "
      "each metric whose minimum differs; under callgrind that is a bug "
      "(exit code 13)")(
      "history", po::value<std::string>(&flags.history),
      "append the finished run to this SQLite history database")(
      "costs", po::value<std::string>(&flags.costs),
      "cell times to schedule by, longest first: a results.json, a results "
      "folder or a history database (default: --history's, else a uniform "
      "guess)")(
      "shard", po::value<std::string>(&flags.shard),
      "measure only shard K of N (K/N, 1-based) of a cost-balanced, "
      "deterministic partition of the plan; auto: from SLURM_ARRAY_TASK_* or "
      "JOB_COMPLETION_INDEX")(
      "shard-count", po::value<int>(&flags.shard_count),
      "with --shard auto under Kubernetes: the number of shards (else "
      "$TALLY_SHARD_COUNT)")(
      "report", po::bool_switch(&sweep.report),
      "also write report.html (see `tally report`) into the results folder; "
      "kept by --resume, and may be added to it")(
      "memory-limit", po::value<double>(&flags.memory_limit),
      "MiB of address space per worker (overrides the config's memory_limit)")(
      "resume", po::value<std::string>(&flags.resume),
      "continue the interrupted run in this results folder: cells in its "
      "journal are kept, the others measured (no other option but --report)");
}

// --resume keeps the options the run started with; only --report may be
// added.
SweepOptions resumed_sweep(const po::variables_map& vm, const RunFlags& flags,
                           bool report) {
  for (const auto& option : vm)
    if (option.first != "resume" && option.first != "report" &&
        !option.second.defaulted())
      throw Error(
          "--resume takes no other option but --report (the run keeps the ones "
          "it started with), got --" +
              option.first,
          ExitCode::kUsage);
  SweepOptions resumed = resume_options(flags.resume);
  resumed.report |= report;
  return resumed;
}

void apply_limits(const po::variables_map& vm, const RunFlags& flags,
                  SweepOptions& sweep) {
  if (vm.count("iterations")) {
    if (flags.iterations < 1 || flags.iterations > 1000000)
      throw Error("--iterations must be between 1 and 1000000, got " +
                      std::to_string(flags.iterations),
                  ExitCode::kUsage);
    sweep.iterations = flags.iterations;
  }
  if (vm.count("timeout")) {
    if (!(flags.timeout > 0))
      throw Error("--timeout must be a positive number of seconds",
                  ExitCode::kUsage);
    sweep.timeout_s = flags.timeout;
  }
  if (vm.count("memory-limit")) {
    if (!(flags.memory_limit >= 16 && flags.memory_limit <= 16 * 1024 * 1024))
      throw Error("--memory-limit must be between 16 and 16777216 MiB",
                  ExitCode::kUsage);
    sweep.memory_limit_mb = flags.memory_limit;
  }
  if (sweep.verify && sweep.dry_run)
    throw Error("--verify measures and --dry-run does not; give one of them",
                ExitCode::kUsage);
  if (vm.count("jobs") && flags.jobs != "auto") {
    int jobs = 0;
    const char* end = flags.jobs.data() + flags.jobs.size();
    if (std::from_chars(flags.jobs.data(), end, jobs).ptr != end) jobs = 0;
    if (jobs < 1 || jobs > 256)
      throw Error(
          "--jobs must be auto or between 1 and 256, got '" + flags.jobs + "'",
          ExitCode::kUsage);
    sweep.jobs = jobs;
  }
}

void apply_selection(const po::variables_map& vm, const RunFlags& flags,
                     SweepOptions& sweep) {
  if (vm.count("filter")) sweep.filter = flags.filter;
  if (vm.count("counter")) sweep.counter = flags.counter;
  if (vm.count("profiles")) {
    if (!parse_profile_mode(flags.profiles))
      throw Error(
          "--profiles must be none, min or all, got '" + flags.profiles + "'",
          ExitCode::kUsage);
    sweep.profiles = flags.profiles;
  }
  if (vm.count("out")) sweep.out_dir = flags.out;
  if (vm.count("costs")) sweep.costs = flags.costs;
  if (vm.count("shard")) {
    const ShardSpec spec = resolve_shard(
        flags.shard,
        vm.count("shard-count") ? std::optional<int>(flags.shard_count)
                                : std::nullopt,
        process_env);
    sweep.shard_index = spec.index;
    sweep.shard_count = spec.count;
  } else if (vm.count("shard-count")) {
    throw Error("--shard-count goes with --shard auto", ExitCode::kUsage);
  }
  if (vm.count("history")) sweep.history_db = flags.history;
  sweep.config_path = vm.count("config") ? flags.config : default_config_path();
}

// A run, then what analyses it: the history and the report take the run the
// sweep wrote, from memory; then how the run ended.
int measure_and_analyse(SweepOptions options) {
  options.history_results = history::newest_results_on_disk;
  const SweepOutcome outcome = run_sweep(options);
  if (outcome.out_dir.empty()) return to_int(outcome.code);  // a dry run
  if (options.history_db && outcome.interrupted) {
    // The history takes a run once, by its id: the resumed run adds it whole.
    std::cout << "not added to history " << *options.history_db
              << ": the run was interrupted\n";
  } else if (options.history_db) {
    auto added = history::add_to_history(results_of(outcome.results),
                                         *options.history_db);
    std::cout << "added run " << added.run_id << " (" << added.values
              << " values) to history " << *options.history_db << "\n";
  }
  if (options.report)
    std::cout << "wrote "
              << report::write_run_report(outcome.results, outcome.out_dir)
              << "\n";
  return to_int(conclude(outcome));
}

}  // namespace

int run_command(const Args& args) {
  po::options_description options("tally run [CONFIG.yaml] [options]");
  PluginOptions plugins;
  SweepOptions sweep;
  RunFlags flags;
  add_run_options(options, flags, sweep);
  plugins.add_to(options);
  po::positional_options_description positional;
  positional.add("config", 1);
  auto vm = parse_command_line("run", args, options, positional);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (vm.count("resume"))
    return measure_and_analyse(resumed_sweep(vm, flags, sweep.report));
  apply_limits(vm, flags, sweep);
  apply_selection(vm, flags, sweep);
  sweep.plugin_folders = plugins.folders();
  sweep.allow_insecure_plugins = plugins.allow_insecure;
  sweep.probe_timeout_s = plugins.probe_timeout_s;
  return measure_and_analyse(sweep);
}

}  // namespace tally

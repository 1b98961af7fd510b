// `tally history add|show`: the nightly history in an SQLite database.
#include <iostream>
#include <string>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "history/history.hpp"
#include "history/history_reporters.hpp"

namespace tally {

namespace po = boost::program_options;

namespace {

constexpr const char* kHistoryUsage =
    "usage: tally history add RESULTS --db FILE\n"
    "       tally history show --db FILE [--filter REGEX] [--metric REGEX]\n"
    "                          [--format console|json] [--margin PCT] "
    "[--min-runs N]\n\n"
    "add:  appends a run (a results folder, a results.json or a CSV) with its\n"
    "      metadata to the SQLite database FILE, creating it when absent.\n"
    "show: prints each cell's series, oldest run first, and flags a STEP at\n"
    "      the run where a value left its previous level by more than the\n"
    "      margin and stayed there for --min-runs runs; a value that comes\n"
    "      back at once is only an outlier. Each series shows its noise\n"
    "      band (Q3 + 3*IQR of its relative changes over the last --window\n"
    "      runs, at least --floor percent), the threshold check\n"
    "      --thresholds-from-history uses, and runs whose environment\n"
    "      differs from the run before are listed.\n\n"
    "exit codes: 0 ok, 4 malformed input or database, 2 bad command line,\n"
    "8 unreadable/unwritable file\n\n";

int history_add_command(const Args& args) {
  std::string results_path, db_path;
  po::options_description options("history add options");
  options.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->required(), "history database (SQLite)");
  po::options_description hidden;
  hidden.add_options()("results", po::value(&results_path)->required());
  po::positional_options_description positional;
  positional.add("results", 1);
  const auto vm =
      parse_command_line("history", args, options, positional, hidden);
  if (vm.count("help")) {
    std::cout << kHistoryUsage << options;
    return to_int(ExitCode::kOk);
  }
  const history::AddSummary s = history::add_to_history(results_path, db_path);
  std::cout << "history: added " << s.source << " to " << db_path << " as run "
            << s.run_id << " (" << s.values << " value(s), " << s.no_metrics
            << " cell(s) without metrics)\n";
  return to_int(ExitCode::kOk);
}

int history_show_command(const Args& args) {
  std::string db_path, format = "console";
  history::ShowOptions show;
  po::options_description options("history show options");
  options.add_options()("help,h", "show this help")(
      "db", po::value(&db_path)->required(), "history database (SQLite)")(
      "filter", po::value(&show.name_regex),
      "only cells whose name matches this regex (searched)")(
      "metric", po::value(&show.metric_regex),
      "only metrics whose name matches this regex (searched)")(
      "format", po::value(&format)->default_value(format), "console | json")(
      "margin", po::value(&show.margin_pct)->default_value(show.margin_pct),
      "percent a value must move for a step")(
      "min-runs", po::value(&show.min_runs)->default_value(show.min_runs),
      "runs a moved value must stay for a step")(
      "window", po::value(&show.window)->default_value(show.window),
      "runs each series' noise band is learned from (>= 3)")(
      "floor", po::value(&show.floor_pct)->default_value(show.floor_pct),
      "the least noise band, percent");
  const auto vm = parse_command_line("history", args, options);
  if (vm.count("help")) {
    std::cout << kHistoryUsage << options;
    return to_int(ExitCode::kOk);
  }
  const Reporter<history::HistoryView>& reporter =
      history::reporters().find(format);
  if (!(show.margin_pct >= 0) || show.min_runs < 1) {
    throw Error("--margin must be >= 0 and --min-runs >= 1", ExitCode::kUsage);
  }
  if (show.window < 3 || show.window > 100000 ||
      !(show.floor_pct >= 0 && show.floor_pct < 100))
    throw Error(
        "--window must be between 3 and 100000 runs and --floor a "
        "percentage in [0, 100)",
        ExitCode::kUsage);
  const history::HistoryView view = history::load_history(db_path, show);
  reporter.report(std::cout, view);
  return to_int(ExitCode::kOk);
}

}  // namespace

int history_command(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? std::cerr : std::cout) << kHistoryUsage;
    return to_int(args.empty() ? ExitCode::kUsage : ExitCode::kOk);
  }
  const Args rest(args.begin() + 1, args.end());
  if (args[0] == "add") return history_add_command(rest);
  if (args[0] == "show") return history_show_command(rest);
  throw Error("unknown history subcommand '" + args[0] +
                  "' (want add or show; see `tally history --help`)",
              ExitCode::kUsage);
}

}  // namespace tally

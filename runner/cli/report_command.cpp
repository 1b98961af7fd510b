// `tally report`: one self-contained HTML page of a run, of two runs
// compared, or of a nightly history.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "history/history.hpp"
#include "report/compare_page.hpp"
#include "report/run_data.hpp"
#include "report/run_page.hpp"
#include "report/trend_page.hpp"
#include "results/output_files.hpp"

namespace tally {

namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "usage: tally report RESULTS [--out FILE]\n"
    "       tally report BASE NEW [--out FILE] [--threshold PCT]\n"
    "       tally report --history DB [--filter REGEX] [--metric REGEX]\n"
    "                    [--margin PCT] [--min-runs N] [--out FILE]\n\n"
    "Writes one self-contained HTML page (no network; opens from disk or as\n"
    "a CI artifact): a run's cells with their samples; two runs compared,\n"
    "with the % change per cell and metric and, where both kept callgrind\n"
    "profiles, where each change went; or a history's trends with steps.\n\n"
    "exit codes: 0 written, 2 bad command line, 4 malformed input,\n"
    "8 unreadable input or unwritable --out\n\n";

// Whether the history options were given without --history, where they
// would be silently ignored.
void refuse_history_options(const po::variables_map& vm) {
  for (const char* name : {"filter", "metric", "margin", "min-runs"})
    if (vm.count(name) && !vm[name].defaulted())
      throw Error(std::string("--") + name + " applies to --history only",
                  ExitCode::kUsage);
}

std::string page_for(const po::variables_map& vm,
                     const std::vector<std::string>& runs,
                     const std::string& history,
                     const history::ShowOptions& show, double threshold) {
  if (!vm["threshold"].defaulted() && (!history.empty() || runs.size() != 2))
    throw Error("--threshold applies to a comparison (BASE NEW) only",
                ExitCode::kUsage);
  if (!history.empty()) {
    if (!runs.empty())
      throw Error("--history takes no results folder", ExitCode::kUsage);
    if (!(show.margin_pct >= 0) || show.min_runs < 1)
      throw Error("--margin must be >= 0 and --min-runs >= 1",
                  ExitCode::kUsage);
    return report::trend_page(history, show);
  }
  refuse_history_options(vm);
  if (!(threshold >= 0))
    throw Error("--threshold must be a percentage >= 0", ExitCode::kUsage);
  if (runs.size() == 1) return report::run_page(report::read_run(runs[0]));
  if (runs.size() == 2)
    return report::compare_page(runs[0], runs[1], threshold);
  throw Error(
      "give one results folder, two to compare, or --history DB "
      "(see `tally report --help`)",
      ExitCode::kUsage);
}

}  // namespace

int report_command(const Args& args) {
  std::vector<std::string> runs;
  std::string out = "report.html", history;
  history::ShowOptions show;
  double threshold = 1.0;  // as `tally compare`
  po::options_description options("options");
  options.add_options()("help,h", "show this help")(
      "out,o", po::value(&out)->default_value(out), "the HTML file to write")(
      "threshold", po::value(&threshold)->default_value(threshold),
      "BASE NEW: percent beyond which a row is a regression or improvement")(
      "history", po::value(&history), "the trend page of this SQLite history")(
      "filter", po::value(&show.name_regex),
      "--history: only cells whose name matches this regex")(
      "metric", po::value(&show.metric_regex),
      "--history: only metrics whose name matches this regex")(
      "margin", po::value(&show.margin_pct)->default_value(show.margin_pct),
      "--history: percent a value must move for a step")(
      "min-runs", po::value(&show.min_runs)->default_value(show.min_runs),
      "--history: runs a moved value must stay for a step");
  po::options_description hidden;
  hidden.add_options()("runs", po::value(&runs));
  po::positional_options_description positional;
  positional.add("runs", -1);
  const auto vm =
      parse_command_line("report", args, options, positional, hidden);
  if (vm.count("help")) {
    std::cout << kUsage << options;
    return to_int(ExitCode::kOk);
  }
  const std::string html = page_for(vm, runs, history, show, threshold);
  write_file_atomically(out, html);
  std::cout << "wrote " << out << " (" << (html.size() + 1023) / 1024
            << " KiB)\n";
  return to_int(ExitCode::kOk);
}

}  // namespace tally

// `tally compare BASE NEW`: the change of every cell and metric between two
// runs, for a PR comment or a look at a nightly.
#include <iostream>
#include <string>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "compare/compare.hpp"
#include "compare/compare_reporters.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "explain/row_explanations.hpp"
#include "results/results_reader.hpp"

namespace tally {

namespace po = boost::program_options;

namespace {

constexpr const char* kCompareUsage =
    "usage: tally compare BASE NEW [--format console|markdown|json] "
    "[--threshold PCT] [--alpha A] [--test min-bootstrap|u]\n\n"
    "Compares two runs (each a results folder, a results.json, a Google\n"
    "Benchmark JSON file, or a name,metric,value CSV): per cell and metric\n"
    "the base and new value, the absolute and % change, largest change\n"
    "first; rows measured in one run only; the geometric mean of new/base.\n"
    "Under wall and perf a change beyond the threshold counts only when a\n"
    "test over both runs' samples gives p < alpha (--test): the exact\n"
    "bootstrap of the change of the minimum, or a Mann-Whitney U test; under\n"
    "callgrind counts are exact and the threshold alone decides. Runs from\n"
    "different environments are marked cross-environment. The markdown\n"
    "format is ready to paste into a PR comment.\n\n"
    "exit codes: 0 no regression, 5 a row grew by more than the threshold,\n"
    "4 malformed input, 2 bad command line, 8 unreadable file\n\n";

// Counts under callgrind repeat to the instruction; 1 % is far above their
// noise yet catches a real slowdown.
constexpr double kDefaultThresholdPct = 1.0;

void explain_changes(const compare::Comparison& c, const std::string& base_path,
                     const std::string& new_path, bool markdown) {
  std::vector<explain::ChangedRow> rows;
  for (const compare::CompareRow& r : c.rows)
    if (r.mark != compare::Change::kWithin)
      rows.push_back({r.mark == compare::Change::kRegression ? "REGRESSION"
                                                             : "IMPROVEMENT",
                      r.name, r.metric, format_pct(r.change_pct)});
  explain::print_row_explanations(
      std::cout, rows, explain::results_folder(base_path),
      explain::results_folder(new_path), 5, markdown);
}

}  // namespace

int compare_command(const Args& args) {
  std::string base_path, new_path, format = "console";
  bool explain = false;
  double threshold = kDefaultThresholdPct;
  double alpha = compare::kDefaultAlpha;
  std::string test = "min-bootstrap";
  po::options_description options("options");
  options.add_options()("help,h", "show this help")(
      "format", po::value(&format)->default_value(format),
      "console | markdown | json")(
      "explain", po::bool_switch(&explain),
      "follow each regression and improvement with its top 5 functions "
      "(both runs need profiles: --counter callgrind; console and markdown)")(
      "threshold", po::value(&threshold)->default_value(threshold),
      "percent: a row that grew by more is a regression, one that shrank by "
      "more an improvement")(
      "alpha", po::value(&alpha)->default_value(alpha),
      "significance level of the test for wall and perf rows, in (0, 1)")(
      "test", po::value(&test)->default_value(test),
      "min-bootstrap (the change of the minimum, bootstrapped) | u "
      "(Mann-Whitney U over all samples, as compare.py)");
  po::options_description hidden;
  hidden.add_options()("base", po::value(&base_path)->required())(
      "new", po::value(&new_path)->required());
  po::positional_options_description positional;
  positional.add("base", 1).add("new", 1);
  const auto vm =
      parse_command_line("compare", args, options, positional, hidden);
  if (vm.count("help")) {
    std::cout << kCompareUsage << options;
    return to_int(ExitCode::kOk);
  }
  const Reporter<compare::Comparison>& reporter =
      compare::reporters().find(format);
  if (explain && format == "json")
    throw Error(
        "--explain adds to console and markdown output; for JSON use "
        "`tally explain BASE NEW --format json`",
        ExitCode::kUsage);
  if (!(threshold >= 0)) {
    throw Error("--threshold must be a percentage >= 0", ExitCode::kUsage);
  }
  if (!(alpha > 0 && alpha < 1))
    throw Error("--alpha must be a probability between 0 and 1, got " +
                    std::to_string(alpha),
                ExitCode::kUsage);
  if (test != "min-bootstrap" && test != "u")
    throw Error("--test must be min-bootstrap or u, got '" + test + "'",
                ExitCode::kUsage);
  const Results base = read_results(base_path);
  const Results now = read_results(new_path);
  const compare::Comparison c =
      compare::compare(base, now, threshold, alpha,
                       test == "u" ? compare::NoiseTest::kUTest
                                   : compare::NoiseTest::kMinBootstrap);
  reporter.report(std::cout, c);
  if (explain) explain_changes(c, base_path, new_path, format == "markdown");
  return to_int(c.count(compare::Change::kRegression) > 0
                    ? ExitCode::kRegression
                    : ExitCode::kOk);
}

}  // namespace tally

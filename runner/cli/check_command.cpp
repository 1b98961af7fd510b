// `tally check RESULTS --expected FILE`: the regression gate.
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "aggregate/check.hpp"
#include "aggregate/check_reporter.hpp"
#include "aggregate/environment_diff.hpp"
#include "aggregate/expected_file.hpp"
#include "aggregate/history_thresholds.hpp"
#include "aggregate/name_map.hpp"
#include "aggregate/results_reader.hpp"
#include "aggregate/row_explanations.hpp"
#include "aggregate/text.hpp"
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"

namespace tally {

namespace po = boost::program_options;
using aggregate::CheckReport;
using aggregate::format_value;
using aggregate::SkipRule;
using aggregate::Update;

namespace {

constexpr const char* kCheckUsage =
    "usage: tally check RESULTS --expected FILE [options]\n\n"
    "Checks RESULTS (a results folder, a results.json, or a name,metric,value\n"
    "CSV such as PyTorch's) against expected values: REGRESSION above\n"
    "expected*(1+margin) fails, WIN below expected*(1-margin) is reported\n"
    "(fails with --strict), PASS otherwise. An expected row without a result\n"
    "fails; a result without an expected row is reported as UNTESTED.\n\n"
    "Expected file rows (no header; '#' comments and blank lines allowed):\n"
    "  name,metric,expected,noise_margin      margin as a fraction: 0.005 = "
    "0.5%\n"
    "  skip,NAME_GLOB[,METRIC_GLOB[,reason]]  exempt matching rows (SKIP)\n"
    "PyTorch's check_results.py reads only the first kind: keep comments and\n"
    "skip rows out of a file it shares (use --skip).\n\n"
    "Under wall and perf a row whose samples are kept is judged by a sign\n"
    "test (--alpha); under callgrind the margin alone decides.\n"
    "--thresholds-from-history DB replaces each margin by the noise band\n"
    "its cell shows in the history (rustc-perf: Q3 + 3*IQR of the relative\n"
    "changes of the last --window runs, at least --floor percent).\n\n"
    "exit codes: 0 ok, 5 regression, 6 missing result, 10 win (--strict),\n"
    "4 malformed input, 2 bad command line, 8 unreadable/unwritable file\n\n";

void print_update(std::ostream& out, const CheckReport& report, int appended,
                  const std::string& expected_path,
                  const std::string& update_path) {
  out << "\n";
  if (!report.updates.empty()) {
    out << "--update: " << report.updates.size()
        << " expectation(s) moved beyond a fifth of their margin:\n";
    for (const Update& u : report.updates) {
      out << "  " << expected_path << ":" << u.line << ": " << u.name << ","
          << u.metric << " " << format_value(u.old_value) << " -> "
          << u.new_value << "\n";
    }
  }
  if (appended > 0) {
    out << "--update: " << appended
        << " row(s) appended for UNTESTED results\n";
  }
  if (report.updates.empty() && appended == 0) {
    out << "--update: no expectation moved beyond a fifth of its margin; "
        << (update_path == expected_path
                ? update_path + " is unchanged"
                : update_path + " has the content of " + expected_path)
        << "\n";
    return;
  }
  if (update_path == expected_path) {
    out << "updated " << expected_path << " in place\n";
  } else {
    out << "wrote " << update_path << "; apply it with:\n  cp "
        << shell_quote(update_path) << " " << shell_quote(expected_path)
        << "\n";
  }
}

void print_thresholds(std::ostream& out,
                      const aggregate::AppliedThresholds& applied,
                      const std::string& db, int window, double floor_pct) {
  out << "thresholds from " << db << " (last " << window
      << " runs, Q3 + 3*IQR of the relative changes, floor " << floor_pct
      << "%): " << applied.learned << " learned, " << applied.fallbacks.size()
      << " kept the expected file's margin\n";
  for (const aggregate::ThresholdFallback& f : applied.fallbacks)
    out << "  line " << f.line << ": " << f.name << "," << f.metric << ": "
        << f.why << "; using the expected file's margin\n";
  out << "\n";
}

void print_drift(std::ostream& out, const CheckReport& report) {
  const auto rows = aggregate::drifting_rows(report);
  for (const aggregate::CheckRow* r : rows)
    out << "warning: " << r->name << "," << r->metric << " is "
        << aggregate::format_pct(r->change_pct) << " from its expected value, "
        << static_cast<int>(std::fabs(r->change_pct) / (r->margin * 100) * 100)
        << "% of its band (past "
        << static_cast<int>(aggregate::kDriftFractionOfBand * 100)
        << "%, where a baseline makes the gate flaky); the updated file "
           "records the new value\n";
}

// With a history or a baseline there is another run to compare the
// environment with; an expected file alone has none.
void print_environment(std::ostream& out, const aggregate::Results& results,
                       const nlohmann::json& other, const std::string& label) {
  if (other.is_null()) return;
  aggregate::print_environment_differences(
      out, aggregate::environment_differences(other, results.metadata), label,
      "these results");
}

// A baseline that cannot be read is reported where its profiles are used;
// here it only has no environment to compare.
void print_baseline_environment(const aggregate::Results& results,
                                const std::string& baseline) {
  try {
    print_environment(std::cout, results,
                      aggregate::read_results(baseline).metadata, "baseline");
  } catch (const Error&) {
  }
}

void check_noise_flags(const po::variables_map& vm,
                       const std::string& history_db, int window,
                       double floor_pct, double alpha) {
  if ((!vm["window"].defaulted() || !vm["floor"].defaulted()) &&
      history_db.empty())
    throw Error("--window and --floor need --thresholds-from-history DB",
                ExitCode::kUsage);
  if (window < 3 || window > 100000)
    throw Error("--window must be between 3 and 100000 runs, got " +
                    std::to_string(window),
                ExitCode::kUsage);
  if (!(floor_pct >= 0 && floor_pct < 100))
    throw Error("--floor must be a percentage in [0, 100)", ExitCode::kUsage);
  if (!(alpha > 0 && alpha < 1))
    throw Error("--alpha must be a probability between 0 and 1",
                ExitCode::kUsage);
}

void explain_changes(const CheckReport& report, const std::string& baseline,
                     const std::string& results_path) {
  std::vector<aggregate::ChangedRow> rows;
  for (const aggregate::CheckRow& r : report.rows)
    if (r.verdict == aggregate::Verdict::kRegression ||
        r.verdict == aggregate::Verdict::kWin)
      rows.push_back({aggregate::verdict_name(r.verdict), r.name, r.metric,
                      aggregate::format_pct(r.change_pct)});
  aggregate::print_row_explanations(std::cout, rows, baseline,
                                    aggregate::results_folder(results_path), 5);
}

}  // namespace

int check_command(const Args& args) {
  std::string results_path, expected_path, update_path, untested_margin, filter,
      baseline, names;
  std::vector<std::string> skip_flags;
  std::string history_db;
  int window = aggregate::kDefaultWindow;
  double floor_pct = aggregate::kDefaultFloorPct;
  double alpha = aggregate::kDefaultAlpha;
  po::options_description options("options");
  options.add_options()("help,h", "show this help")(
      "expected", po::value(&expected_path)->required(),
      "expected-results file (e.g. configs/expected_results.csv)")(
      "skip", po::value(&skip_flags)->composing(),
      "NAME_GLOB[,METRIC_GLOB]: also skip these rows (repeatable)")(
      "strict", "a WIN fails too (exit 10), so improvements get recorded")(
      "baseline", po::value(&baseline),
      "DIR: a results folder with profiles (e.g. last night's main); every "
      "REGRESSION and WIN is followed by its top 5 functions from explain")(
      "filter", po::value(&filter),
      "REGEX: check only rows whose name it matches, expected and results "
      "alike (for a run made with the same --filter)")(
      "names", po::value(&names),
      "pytorch|MAP.csv: read results under another suite's names "
      "(configs/pytorch_names.csv for pytorch), so that FILE and --update "
      "use them; results without a counterpart are left out")(
      "update", po::value(&update_path),
      "write refreshed expectations to this file: values that moved beyond "
      "a fifth of their margin, 4 significant digits; other lines kept as "
      "they are")("add-untested", po::value(&untested_margin),
                  "with --update: append a row, with this margin (a "
                  "fraction), for each UNTESTED result")(
      "thresholds-from-history", po::value(&history_db),
      "DB: learn each row's margin from this history (tally history add)")(
      "window", po::value(&window)->default_value(window),
      "with --thresholds-from-history: the last N runs to learn from (>= 3)")(
      "floor", po::value(&floor_pct)->default_value(floor_pct),
      "with --thresholds-from-history: the least learned margin, percent")(
      "alpha", po::value(&alpha)->default_value(alpha),
      "significance level of the sign test for wall and perf rows, in (0, 1)");
  po::options_description hidden;
  hidden.add_options()("results", po::value(&results_path)->required());
  po::positional_options_description positional;
  positional.add("results", 1);
  const auto vm =
      parse_command_line("check", args, options, positional, hidden);
  if (vm.count("help")) {
    std::cout << kCheckUsage << options;
    return to_int(ExitCode::kOk);
  }
  if (vm.count("add-untested")) {
    if (!vm.count("update")) {
      throw Error("--add-untested needs --update FILE", ExitCode::kUsage);
    }
    const auto margin = aggregate::parse_number(untested_margin);
    if (!margin || *margin < 0 || *margin >= 1) {
      throw Error("--add-untested wants a margin fraction in [0, 1), got '" +
                      untested_margin + "'",
                  ExitCode::kUsage);
    }
  }
  check_noise_flags(vm, history_db, window, floor_pct, alpha);
  std::vector<SkipRule> skips;
  for (const std::string& s : skip_flags)
    skips.push_back(aggregate::parse_skip_flag(s));
  const bool strict = vm.count("strict") > 0;
  // Profiles and history series are kept under tally's names.
  if (vm.count("names") && (!baseline.empty() || !history_db.empty()))
    throw Error(
        "--names reads PyTorch's names, and --baseline and "
        "--thresholds-from-history look up tally's: use them without --names",
        ExitCode::kUsage);

  aggregate::Results results = aggregate::read_results(results_path);
  std::vector<std::string> unmapped;
  if (vm.count("names")) {
    const aggregate::NameMap map = aggregate::read_name_map(names);
    results = aggregate::rename_results(results, map, unmapped);
    std::cout << "names: " << map.path << ": " << unmapped.size()
              << " result name(s) without a counterpart left out\n";
  }
  aggregate::ExpectedFile expected = aggregate::read_expected(expected_path);
  std::optional<aggregate::AppliedThresholds> learned;
  if (!history_db.empty())
    learned = aggregate::apply_history_thresholds(expected, history_db, window,
                                                  floor_pct);
  std::optional<NameFilter> name_filter;
  if (vm.count("filter")) name_filter.emplace(filter);
  const CheckReport report = aggregate::check(
      results, expected, skips, name_filter ? &*name_filter : nullptr, alpha);

  std::cout << "check: " << results.path << " against " << expected_path
            << "\n\n";
  if (learned) {
    print_thresholds(std::cout, *learned, history_db, window, floor_pct);
    print_environment(std::cout, results, learned->last_run_metadata,
                      "the history's last run");
  }
  if (!baseline.empty()) print_baseline_environment(results, baseline);
  aggregate::print_check(std::cout, report, expected_path, strict);
  if (!baseline.empty()) explain_changes(report, baseline, results_path);
  if (vm.count("update")) {
    aggregate::write_expected(
        update_path,
        aggregate::updated_expected_text(
            expected, report,
            vm.count("add-untested")
                ? std::optional<std::string>(aggregate::trim(untested_margin))
                : std::nullopt));
    const int appended = vm.count("add-untested")
                             ? report.count(aggregate::Verdict::kUntested)
                             : 0;
    print_update(std::cout, report, appended, expected_path, update_path);
    print_drift(std::cout, report);
  } else if (!report.updates.empty()) {
    std::cout << "\n"
              << report.updates.size()
              << " expectation(s) moved beyond a fifth of their margin; to "
                 "refresh them:\n  tally check "
              << shell_quote(results_path) << " --expected "
              << shell_quote(expected_path) << " --update "
              << shell_quote(expected_path) << "\n";
  }
  return to_int(report.exit_code(strict));
}

}  // namespace tally

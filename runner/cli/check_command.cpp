// `tally check RESULTS --expected FILE`: the regression gate.
#include <cmath>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "compare/environment_diff.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "explain/row_explanations.hpp"
#include "gate/check.hpp"
#include "gate/check_reporter.hpp"
#include "gate/expected_file.hpp"
#include "gate/history_thresholds.hpp"
#include "gate/name_map.hpp"
#include "results/results_reader.hpp"

namespace tally {

namespace po = boost::program_options;
using gate::CheckReport;
using gate::SkipRule;
using gate::Update;

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

void print_thresholds(std::ostream& out, const gate::AppliedThresholds& applied,
                      const std::string& db, int window, double floor_pct) {
  out << "thresholds from " << db << " (last " << window
      << " runs, Q3 + 3*IQR of the relative changes, floor " << floor_pct
      << "%): " << applied.learned << " learned, " << applied.fallbacks.size()
      << " kept the expected file's margin\n";
  for (const gate::ThresholdFallback& f : applied.fallbacks)
    out << "  line " << f.line << ": " << f.name << "," << f.metric << ": "
        << f.why << "; using the expected file's margin\n";
  out << "\n";
}

void print_drift(std::ostream& out, const CheckReport& report) {
  const auto rows = gate::drifting_rows(report);
  for (const gate::CheckRow* r : rows)
    out << "warning: " << r->name << "," << r->metric << " is "
        << format_pct(r->change_pct) << " from its expected value, "
        << static_cast<int>(std::fabs(r->change_pct) / (r->margin * 100) * 100)
        << "% of its band (past "
        << static_cast<int>(gate::kDriftFractionOfBand * 100)
        << "%, where a baseline makes the gate flaky); the updated file "
           "records the new value\n";
}

// With a history or a baseline there is another run to compare the
// environment with; an expected file alone has none.
void print_environment(std::ostream& out, const Results& results,
                       const nlohmann::json& other, const std::string& label) {
  if (other.is_null()) return;
  compare::print_environment_differences(
      out, compare::environment_differences(other, results.metadata), label,
      "these results");
}

// A baseline that cannot be read is reported where its profiles are used;
// here it only has no environment to compare.
void print_baseline_environment(const Results& results,
                                const std::string& baseline) {
  try {
    print_environment(std::cout, results, read_results(baseline).metadata,
                      "baseline");
  } catch (const Error&) {
  }
}

// The flags of `tally check`, as parsed.
struct CheckFlags {
  std::string results_path, expected_path, update_path, untested_margin, filter,
      baseline, names, history_db;
  std::vector<std::string> skip_flags;
  int window = history::kDefaultWindow;
  double floor_pct = history::kDefaultFloorPct;
  double alpha = compare::kDefaultAlpha;
};

void check_noise_flags(const po::variables_map& vm, const CheckFlags& f) {
  if ((!vm["window"].defaulted() || !vm["floor"].defaulted()) &&
      f.history_db.empty())
    throw Error("--window and --floor need --thresholds-from-history DB",
                ExitCode::kUsage);
  if (f.window < 3 || f.window > 100000)
    throw Error("--window must be between 3 and 100000 runs, got " +
                    std::to_string(f.window),
                ExitCode::kUsage);
  if (!(f.floor_pct >= 0 && f.floor_pct < 100))
    throw Error("--floor must be a percentage in [0, 100)", ExitCode::kUsage);
  if (!(f.alpha > 0 && f.alpha < 1))
    throw Error("--alpha must be a probability between 0 and 1",
                ExitCode::kUsage);
}

void check_flags(const po::variables_map& vm, const CheckFlags& f) {
  if (vm.count("add-untested")) {
    if (!vm.count("update")) {
      throw Error("--add-untested needs --update FILE", ExitCode::kUsage);
    }
    const auto margin = parse_number(f.untested_margin);
    if (!margin || *margin < 0 || *margin >= 1) {
      throw Error("--add-untested wants a margin fraction in [0, 1), got '" +
                      f.untested_margin + "'",
                  ExitCode::kUsage);
    }
  }
  check_noise_flags(vm, f);
  // Profiles and history series are kept under tally's names.
  if (vm.count("names") && (!f.baseline.empty() || !f.history_db.empty()))
    throw Error(
        "--names reads PyTorch's names, and --baseline and "
        "--thresholds-from-history look up tally's: use them without --names",
        ExitCode::kUsage);
}

void add_check_options(po::options_description& options, CheckFlags& f) {
  options.add_options()("help,h", "show this help")(
      "expected", po::value(&f.expected_path)->required(),
      "expected-results file (e.g. configs/expected_results.csv)")(
      "skip", po::value(&f.skip_flags)->composing(),
      "NAME_GLOB[,METRIC_GLOB]: also skip these rows (repeatable)")(
      "strict", "a WIN fails too (exit 10), so improvements get recorded")(
      "baseline", po::value(&f.baseline),
      "DIR: a results folder with profiles (e.g. last night's main); every "
      "REGRESSION and WIN is followed by its top 5 functions from explain")(
      "filter", po::value(&f.filter),
      "REGEX: check only rows whose name it matches, expected and results "
      "alike (for a run made with the same --filter)")(
      "names", po::value(&f.names),
      "pytorch|MAP.csv: read results under another suite's names "
      "(configs/pytorch_names.csv for pytorch), so that FILE and --update "
      "use them; results without a counterpart are left out")(
      "update", po::value(&f.update_path),
      "write refreshed expectations to this file: values that moved beyond "
      "a fifth of their margin, 4 significant digits; other lines kept as "
      "they are")("add-untested", po::value(&f.untested_margin),
                  "with --update: append a row, with this margin (a "
                  "fraction), for each UNTESTED result")(
      "thresholds-from-history", po::value(&f.history_db),
      "DB: learn each row's margin from this history (tally history add)")(
      "window", po::value(&f.window)->default_value(f.window),
      "with --thresholds-from-history: the last N runs to learn from (>= 3)")(
      "floor", po::value(&f.floor_pct)->default_value(f.floor_pct),
      "with --thresholds-from-history: the least learned margin, percent")(
      "alpha", po::value(&f.alpha)->default_value(f.alpha),
      "significance level of the sign test for wall and perf rows, in (0, 1)");
}

// A metadata value as the expected file's header writes it, or "".
std::string metadata_text(const nlohmann::json& metadata,
                          const std::string& key) {
  const auto it = metadata.find(key);
  if (it == metadata.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// Says, before any row, what differs between the environment the expected
// file was measured on and these results': a count moved by a new compiler
// or LibTorch is not a regression of the code.
void print_expected_environment(std::ostream& out,
                                const gate::ExpectedFile& expected,
                                const Results& results) {
  std::string differences;
  for (const auto& env : expected.environment) {
    const std::string now = metadata_text(results.metadata, env.key);
    if (now.empty() || now == env.value) continue;
    differences += (differences.empty() ? "" : "; ") + env.key + " " +
                   env.value + " there, " + now + " here";
  }
  if (!differences.empty())
    out << "environment: " << expected.path
        << " was measured on another environment (" << differences
        << "): counts may differ for that reason alone\n\n";
}

// The header --update writes: the results' environment.
std::vector<std::pair<std::string, std::string>> environment_header(
    const Results& results) {
  std::vector<std::pair<std::string, std::string>> values;
  for (const std::string& key : gate::expected_environment_keys()) {
    const std::string value = metadata_text(results.metadata, key);
    if (!value.empty()) values.emplace_back(key, value);
  }
  return values;
}

// Writes --update's file, or says how to when expectations moved.
void update_expectations(const po::variables_map& vm, const CheckFlags& f,
                         const gate::ExpectedFile& expected,
                         const Results& results, const CheckReport& report) {
  if (vm.count("update")) {
    const bool add = vm.count("add-untested") > 0;
    std::string text = gate::updated_expected_text(
        expected, report,
        add ? std::optional<std::string>(trim(f.untested_margin))
            : std::nullopt);
    // A file of PyTorch's (rows, no header) stays one; tally's, or one
    // started from an empty file, gets the results' environment on top.
    if (!expected.environment.empty() || expected.rows.empty())
      text = gate::with_environment_header(text, environment_header(results));
    gate::write_expected(f.update_path, text);
    const int appended = add ? report.count(gate::Verdict::kUntested) : 0;
    print_update(std::cout, report, appended, f.expected_path, f.update_path);
    print_drift(std::cout, report);
  } else if (!report.updates.empty()) {
    std::cout << "\n"
              << report.updates.size()
              << " expectation(s) moved beyond a fifth of their margin; to "
                 "refresh them:\n  tally check "
              << shell_quote(f.results_path) << " --expected "
              << shell_quote(f.expected_path) << " --update "
              << shell_quote(f.expected_path) << "\n";
  }
}

void explain_changes(const CheckReport& report, const std::string& baseline,
                     const std::string& results_path) {
  std::vector<explain::ChangedRow> rows;
  for (const gate::CheckRow& r : report.rows)
    if (r.verdict == gate::Verdict::kRegression ||
        r.verdict == gate::Verdict::kWin)
      rows.push_back({gate::verdict_name(r.verdict), r.name, r.metric,
                      format_pct(r.change_pct)});
  explain::print_row_explanations(std::cout, rows, baseline,
                                  explain::results_folder(results_path), 5);
}

}  // namespace

int check_command(const Args& args) {
  CheckFlags f;
  po::options_description options("options");
  add_check_options(options, f);
  po::options_description hidden;
  hidden.add_options()("results", po::value(&f.results_path)->required());
  po::positional_options_description positional;
  positional.add("results", 1);
  const auto vm =
      parse_command_line("check", args, options, positional, hidden);
  if (vm.count("help")) {
    std::cout << kCheckUsage << options;
    return to_int(ExitCode::kOk);
  }
  check_flags(vm, f);
  std::vector<SkipRule> skips;
  for (const std::string& s : f.skip_flags)
    skips.push_back(gate::parse_skip_flag(s));
  const bool strict = vm.count("strict") > 0;

  Results results = read_results(f.results_path);
  if (vm.count("names")) {
    std::vector<std::string> unmapped;
    const gate::NameMap map = gate::read_name_map(f.names);
    results = gate::rename_results(results, map, unmapped);
    std::cout << "names: " << map.path << ": " << unmapped.size()
              << " result name(s) without a counterpart left out\n";
  }
  gate::ExpectedFile expected = gate::read_expected(f.expected_path);
  std::optional<gate::AppliedThresholds> learned;
  if (!f.history_db.empty())
    learned = gate::apply_history_thresholds(expected, f.history_db, f.window,
                                             f.floor_pct);
  std::optional<NameFilter> name_filter;
  if (vm.count("filter")) name_filter.emplace(f.filter);
  const CheckReport report = gate::check(
      results, expected, skips, name_filter ? &*name_filter : nullptr, f.alpha);

  std::cout << "check: " << results.path << " against " << f.expected_path
            << "\n\n";
  if (learned) {
    print_thresholds(std::cout, *learned, f.history_db, f.window, f.floor_pct);
    print_environment(std::cout, results, learned->last_run_metadata,
                      "the history's last run");
  }
  if (!f.baseline.empty()) print_baseline_environment(results, f.baseline);
  print_expected_environment(std::cout, expected, results);
  gate::reporters().find("console").report(
      std::cout, gate::CheckOutput{report, f.expected_path, strict});
  if (!f.baseline.empty()) explain_changes(report, f.baseline, f.results_path);
  update_expectations(vm, f, expected, results, report);
  return to_int(report.exit_code(strict));
}

}  // namespace tally

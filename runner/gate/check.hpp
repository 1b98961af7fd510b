// The regression gate: one run's results against expected values, with
// PyTorch's check_results.py semantics (see expected_file.hpp for the file),
// except that a WIN fails only when asked (--strict) and every row is
// reported before the verdict instead of stopping at the first missing one.
#ifndef TALLY_GATE_CHECK_HPP
#define TALLY_GATE_CHECK_HPP

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compare/significance.hpp"
#include "core/exit_code.hpp"
#include "core/name_filter.hpp"
#include "gate/expected_file.hpp"
#include "results/results_reader.hpp"

namespace tally::gate {

enum class Verdict {
  kPass,        // within expected·(1 ± margin)
  kWin,         // below expected·(1 − margin)
  kRegression,  // above expected·(1 + margin)
  kMissing,     // an expected row with no result: fatal
  kUntested,    // a result with no expected row: reported only
  kSkipped,     // matched by a skip rule
};

const char* verdict_name(Verdict v);  // "PASS", "WIN", ...

struct CheckRow {
  Verdict verdict = Verdict::kPass;
  std::string name;
  std::string metric;
  std::optional<double> actual;
  std::optional<double> expected;
  double margin = 0;
  double change_pct = 0;  // (actual / expected − 1) · 100 when both exist
  int expected_line = 0;  // 0 when the row is not in the expected file
  std::string note;  // kMissing: why there is no result; kSkipped: the rule
  /// wall and perf rows with samples: the sign test's p for the direction
  /// of the change (see check()).
  std::optional<double> p_value;
};

/// A refreshed expected value for --update.
struct Update {
  int line = 0;
  std::string name;
  std::string metric;
  double old_value = 0;
  std::string new_value;  // 4 significant digits
};

struct CheckReport {
  std::vector<CheckRow> rows;  // expected-file order, then untested results
  std::vector<Update> updates;
  std::vector<const SkipRule*> unused_skips;  // stale skip rules

  int count(Verdict v) const;
  /// kMissingResult, else kRegression, else kWin (strict only), else kOk.
  ExitCode exit_code(bool strict) const;
};

/// A value moves its expectation only when it moved by more than this
/// fraction of its margin, so --update does not churn on noise (as PyTorch).
inline constexpr double kUpdateFractionOfMargin = 0.2;

/// With `filter`, only rows whose name it matches are checked (expected
/// and results alike), as when the run itself had --filter. Rows of a
/// counter with noise (wall, perf) that keep their samples are judged by a
/// one-sided sign test instead of their minimum alone: REGRESSION when the
/// samples above expected·(1 + margin), k of n, have P(Bin(n, ½) ≥ k) <
/// `alpha`, WIN likewise below expected·(1 − margin).
CheckReport check(const Results& results, const ExpectedFile& expected,
                  const std::vector<SkipRule>& extra_skips,
                  const NameFilter* filter = nullptr,
                  double alpha = compare::kDefaultAlpha);

/// Rows that PASS but sit past `fraction` of their band from the expected
/// value: the drift that, unrecorded, makes a gate flaky.
inline constexpr double kDriftFractionOfBand = 0.8;
std::vector<const CheckRow*> drifting_rows(const CheckReport& report);

/// An expected value as --update writes it: 4 significant digits, as
/// PyTorch's file, but every digit where the margin is 0 (an exact count
/// gated exactly).
std::string expected_value_text(double value, double margin);

/// The --update file: `expected` with moved values refreshed and, when
/// `untested_margin` is given, a row appended per untested result.
std::string updated_expected_text(
    const ExpectedFile& expected, const CheckReport& report,
    const std::optional<std::string>& untested_margin);

}  // namespace tally::gate

#endif  // TALLY_GATE_CHECK_HPP

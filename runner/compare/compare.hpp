// Run-to-run comparison (`tally compare BASE NEW`): per cell and metric the
// change from BASE to NEW, regressions beyond a threshold, rows present on
// one side only, and the geometric mean of the NEW/BASE ratios.
#ifndef TALLY_COMPARE_COMPARE_HPP
#define TALLY_COMPARE_COMPARE_HPP

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compare/environment_diff.hpp"
#include "compare/significance.hpp"
#include "results/results_reader.hpp"

namespace tally::compare {

enum class Change { kWithin, kRegression, kImprovement };

struct CompareRow {
  std::string name;
  std::string metric;
  double base = 0;
  double now = 0;
  double change = 0;      // now − base
  double change_pct = 0;  // ±inf when base is 0 and now is not
  Change mark = Change::kWithin;
  /// Counters with noise (wall, perf) only: the two-sided p of the test
  /// over both sides' samples, and with the bootstrap of the minimum the
  /// interval of the change (percent) that holds 1 − alpha of it.
  std::optional<double> p_value;
  std::optional<std::pair<double, double>> interval_pct;
  int base_samples = 0, new_samples = 0;
  /// Why a change beyond the threshold does not count: not significant, or
  /// too few samples for the test.
  std::string note;
};

/// A row measured in one run only; `other` says what became of its cell
/// in the other run ("crashed: SIGSEGV"), or is empty when it is absent.
struct OneSideRow {
  std::string name;
  std::string metric;
  double value = 0;
  std::string other;
};

struct Comparison {
  std::string base_path;
  std::string new_path;
  nlohmann::json base_metadata;
  nlohmann::json new_metadata;
  double threshold_pct = 0;
  double alpha = 0;
  NoiseTest test = NoiseTest::kMinBootstrap;
  std::vector<CompareRow> rows;  // by |change_pct| descending, then name
  std::vector<OneSideRow> only_base;
  std::vector<OneSideRow> only_new;
  /// exp(mean(log(now/base))) over rows where both are positive.
  std::optional<double> geomean_ratio;
  int geomean_rows = 0;
  /// Non-empty when the runs come from different environments.
  std::vector<EnvironmentDifference> environment;
  /// Rows tested with fewer than kRecommendedSamples on a side.
  int few_sample_rows = 0;

  int count(Change c) const;
};

/// A tested row's p and, with the bootstrap of the minimum, its interval:
/// "0.004 [+2.10%, +3.90%]"; "-" for an untested row.
std::string p_value_cell(const CompareRow& r);

/// A row is a regression when it grew by more than `threshold_pct` percent,
/// an improvement when it shrank by more. Rows of counters with noise that
/// keep samples on both sides also need `test`'s p < `alpha`, and at least
/// u_test_min_samples(alpha) samples per side (for either test, so both
/// need the same runs).
Comparison compare(const Results& base, const Results& now,
                   double threshold_pct, double alpha = kDefaultAlpha,
                   NoiseTest test = NoiseTest::kMinBootstrap);

}  // namespace tally::compare

#endif  // TALLY_COMPARE_COMPARE_HPP

// The charts of the report pages, as inline SVG that tally writes itself
// (no charting library: see docs/ci-recipes.md, "Reports", for why). Each
// chart is an <svg class="chart ..."> with its size in pixels, so it draws
// without script, prints as vectors and can be measured by the page's check.
#ifndef TALLY_REPORT_SVG_CHARTS_HPP
#define TALLY_REPORT_SVG_CHARTS_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace tally::report {

/// A small line of `values` in order (a cell's samples, a series' recent
/// values), its lowest point marked; `caption` is its hover text (escaped
/// here). Values are drawn at most `max_points` (evenly picked).
std::string svg_sparkline(const std::vector<double>& values,
                          const std::string& caption, double width = 90,
                          double height = 20, std::size_t max_points = 200);

enum class BarKind { kRegression, kImprovement, kWithin };

struct ChangeBar {
  std::string label;  // "cell · metric"
  double pct = 0;     // may be ±inf (a base of 0)
  BarKind kind = BarKind::kWithin;
  std::string anchor;  // id of the row's explanation in the page; "" = none
};

/// Horizontal bars of % change in the given order, the ±threshold marked
/// as dashed lines; infinite changes are drawn to the edge.
std::string svg_change_bars(const std::vector<ChangeBar>& bars,
                            double threshold_pct);

struct TrendPoint {
  double x = 0;                 // position along the run-time axis, 0 … 1
  std::optional<double> value;  // none: the cell gave no value in that run
  bool outlier = false;
};

struct TrendStep {
  std::size_t point = 0;  // index of the first point at the new level
  double change_pct = 0;
};

/// A stable level between steps, drawn as a band of ±margin.
struct TrendLevel {
  std::size_t first = 0, last = 0;  // point indices, inclusive
  double level = 0;
};

struct TrendChart {
  std::vector<TrendPoint> points;  // oldest first
  std::vector<TrendStep> steps;
  std::vector<TrendLevel> levels;
  double margin = 0.01;       // fraction
  std::string first_x_label;  // under the left end, e.g. the first date
  std::string last_x_label;   // under the right end
};

/// Width of the plot area of a trend chart, so that callers can share its
/// x scale (the page's hover maps a mouse x to a run with it).
constexpr double kTrendPlotLeft = 70, kTrendPlotWidth = 620;

/// The value over runs with its margin bands, steps (class "step-marker")
/// and outliers marked.
std::string svg_trend_chart(const TrendChart& chart);

}  // namespace tally::report

#endif  // TALLY_REPORT_SVG_CHARTS_HPP

// The trend page's chart of one cell and metric over runs: the values as a
// line (broken where a run gave none), a band of ±margin around each
// stable level, a marker at each step and a ring at each outlier.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/html_text.hpp"
#include "report/svg_charts.hpp"

namespace tally::report {

namespace {

constexpr double kHeight = 170, kTrendTop = 14, kPlotHeight = 120;

std::string trend_num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

struct YScale {
  double lo = 0, hi = 1;
  double y(double v) const {
    return kTrendTop + kPlotHeight * (1 - (v - lo) / (hi - lo));
  }
};

// Spans every value and every band, with a little room above and below.
YScale y_scale(const TrendChart& c) {
  double lo = INFINITY, hi = -INFINITY;
  for (const TrendPoint& p : c.points)
    if (p.value) lo = std::min(lo, *p.value), hi = std::max(hi, *p.value);
  for (const TrendLevel& l : c.levels) {
    lo = std::min(lo, l.level * (1 - c.margin));
    hi = std::max(hi, l.level * (1 + c.margin));
  }
  if (!(lo <= hi)) return {};
  const double pad =
      hi > lo ? (hi - lo) * 0.08 : std::max(std::fabs(hi), 1.0) * 0.01;
  return {lo - pad, hi + pad};
}

double x_px(double x) { return kTrendPlotLeft + kTrendPlotWidth * x; }

std::string lines(const TrendChart& c, const YScale& s) {
  std::string out, points;
  auto flush = [&] {
    if (!points.empty())
      out += "<polyline class=\"line\" points=\"" + points + "\"/>";
    points.clear();
  };
  for (const TrendPoint& p : c.points) {
    if (!p.value) {
      flush();
      continue;
    }
    points += (points.empty() ? "" : " ") + trend_num(x_px(p.x)) + "," +
              trend_num(s.y(*p.value));
  }
  flush();
  return out;
}

std::string bands(const TrendChart& c, const YScale& s) {
  std::string out;
  for (const TrendLevel& l : c.levels) {
    const double x1 = x_px(c.points[l.first].x), x2 = x_px(c.points[l.last].x);
    const double top = s.y(l.level * (1 + c.margin));
    const double bottom = s.y(l.level * (1 - c.margin));
    out += "<rect class=\"band\" x=\"" + trend_num(x1) + "\" y=\"" +
           trend_num(top) + "\" width=\"" + trend_num(std::max(x2 - x1, 2.0)) +
           "\" height=\"" + trend_num(std::max(bottom - top, 1.0)) + "\"/>";
  }
  return out;
}

std::string marks(const TrendChart& c, const YScale& s) {
  std::string out;
  for (const TrendPoint& p : c.points)
    if (p.outlier && p.value)
      out += "<circle class=\"outlier\" cx=\"" + trend_num(x_px(p.x)) +
             "\" cy=\"" + trend_num(s.y(*p.value)) +
             "\" r=\"3.5\"><title>outlier: " + format_number(*p.value) +
             "</title></circle>";
  for (const TrendStep& st : c.steps) {
    const TrendPoint& p = c.points[st.point];
    const double x = x_px(p.x);
    char pct[32];
    std::snprintf(pct, sizeof pct, "%+.2f%%", st.change_pct);
    out += "<g class=\"step-marker\"><title>step " + std::string(pct) +
           "</title><line x1=\"" + trend_num(x) + "\" x2=\"" + trend_num(x) +
           "\" y1=\"" + trend_num(kTrendTop) + "\" y2=\"" +
           trend_num(kTrendTop + kPlotHeight) + "\"/>";
    out += "<path d=\"M" + trend_num(x - 5) + "," + trend_num(kTrendTop) +
           " h10 l-5,7 z\"/>";
    out += "<text x=\"" + trend_num(x + 4) + "\" y=\"" +
           trend_num(kTrendTop + 10) + "\">" + pct + "</text></g>";
  }
  return out;
}

std::string axes(const TrendChart& c, const YScale& s) {
  const double bottom = kTrendTop + kPlotHeight;
  std::string out = "<rect class=\"frame\" x=\"" + trend_num(kTrendPlotLeft) +
                    "\" y=\"" + trend_num(kTrendTop) + "\" width=\"" +
                    trend_num(kTrendPlotWidth) + "\" height=\"" +
                    trend_num(kPlotHeight) + "\"/>";
  for (double v : {s.lo, (s.lo + s.hi) / 2, s.hi})
    out += "<text class=\"axis y\" x=\"" + trend_num(kTrendPlotLeft - 4) +
           "\" y=\"" + trend_num(s.y(v) + 4) + "\">" +
           format_number(std::round(v)) + "</text>";
  out += "<text class=\"axis\" x=\"" + trend_num(kTrendPlotLeft) + "\" y=\"" +
         trend_num(bottom + 16) + "\">" + escape_html(c.first_x_label) +
         "</text>";
  out += "<text class=\"axis end\" x=\"" +
         trend_num(kTrendPlotLeft + kTrendPlotWidth) + "\" y=\"" +
         trend_num(bottom + 16) + "\">" + escape_html(c.last_x_label) +
         "</text>";
  return out;
}

}  // namespace

std::string svg_trend_chart(const TrendChart& chart) {
  const YScale s = y_scale(chart);
  const double width = kTrendPlotLeft + kTrendPlotWidth + 20;
  return "<svg class=\"chart trend\" width=\"" + trend_num(width) +
         "\" height=\"" + trend_num(kHeight) + "\" role=\"img\">" +
         axes(chart, s) + bands(chart, s) + lines(chart, s) + marks(chart, s) +
         "<line class=\"hover\" x1=\"0\" x2=\"0\" y1=\"" +
         trend_num(kTrendTop) + "\" y2=\"" +
         trend_num(kTrendTop + kPlotHeight) + "\"/></svg>";
}

}  // namespace tally::report

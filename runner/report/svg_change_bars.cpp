// The compare page's bar chart: one row per cell and metric, a bar from 0
// to its % change, with the threshold drawn on both sides of 0.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/text.hpp"
#include "report/html_text.hpp"
#include "report/page_parts.hpp"
#include "report/svg_charts.hpp"

namespace tally::report {

namespace {

constexpr double kLabelWidth = 340, kBarsWidth = 520, kRow = 18, kTop = 24;

const char* kind_class(BarKind kind) {
  switch (kind) {
    case BarKind::kRegression:
      return "bar-regression";
    case BarKind::kImprovement:
      return "bar-improvement";
    default:
      return "bar-within";
  }
}

std::string num(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", v);
  return text;
}

// The axis reaches the largest finite change, at least twice the threshold
// so that its marks never sit on the edge.
double axis_limit(const std::vector<ChangeBar>& bars, double threshold) {
  double limit = std::max(2 * threshold, 0.1);
  for (const ChangeBar& b : bars)
    if (std::isfinite(b.pct)) limit = std::max(limit, std::fabs(b.pct));
  return limit * 1.05;
}

std::string label_text(const std::string& label) {
  // Cut in bytes but never inside a UTF-8 sequence; the full label is in
  // the row's tooltip.
  if (label.size() <= 52) return label;
  std::size_t cut = 50;
  while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80)
    --cut;
  return label.substr(0, cut) + "…";
}

std::string bar_row(const ChangeBar& b, std::size_t i, double limit) {
  const double zero = kLabelWidth + kBarsWidth / 2;
  const double y = kTop + kRow * static_cast<double>(i);
  const double clipped = std::max(-limit, std::min(limit, b.pct));
  const double len = kBarsWidth / 2 * std::fabs(clipped) / limit;
  const double x = clipped < 0 ? zero - len : zero;
  const std::string tip = escape_html(b.label + ": " + format_pct(b.pct));
  std::string row = "<g class=\"bar-row\"><title>" + tip + "</title>";
  row += "<text class=\"bar-label\" x=\"" + num(kLabelWidth - 6) + "\" y=\"" +
         num(y + 12) + "\">" + escape_html(label_text(b.label)) + "</text>";
  row += "<rect class=\"" + std::string(kind_class(b.kind)) + "\" x=\"" +
         num(x) + "\" y=\"" + num(y + 3) + "\" width=\"" +
         num(std::max(len, 1.0)) + "\" height=\"" + num(kRow - 6) + "\"/>";
  const double text_x = clipped < 0 ? x - 4 : x + len + 4;
  row += "<text class=\"bar-value" + std::string(clipped < 0 ? " left" : "") +
         "\" x=\"" + num(text_x) + "\" y=\"" + num(y + 12) + "\">" +
         format_pct(b.pct) + "</text></g>";
  if (b.anchor.empty()) return row;
  return "<a href=\"#" + escape_html(b.anchor) + "\">" + row + "</a>";
}

}  // namespace

std::string svg_change_bars(const std::vector<ChangeBar>& bars,
                            double threshold_pct) {
  const double limit = axis_limit(bars, threshold_pct);
  const double width = kLabelWidth + kBarsWidth + 70;
  const double height = kTop + kRow * static_cast<double>(bars.size()) + 8;
  const double zero = kLabelWidth + kBarsWidth / 2;
  const double t = kBarsWidth / 2 * threshold_pct / limit;
  std::string svg = "<svg class=\"chart bars\" width=\"" + num(width) +
                    "\" height=\"" + num(height) + "\" role=\"img\">";
  svg += "<text class=\"axis left\" x=\"" + num(zero - 3) +
         "\" y=\"12\">0%</text>";
  for (double x : {zero - t, zero + t}) {
    svg += "<line class=\"threshold\" x1=\"" + num(x) + "\" x2=\"" + num(x) +
           "\" y1=\"16\" y2=\"" + num(height) + "\"/>";
  }
  svg += "<text class=\"axis threshold-label\" x=\"" + num(zero + t + 3) +
         "\" y=\"12\">threshold " + format_pct(threshold_pct) + "</text>";
  svg += "<line class=\"zero\" x1=\"" + num(zero) + "\" x2=\"" + num(zero) +
         "\" y1=\"16\" y2=\"" + num(height) + "\"/>";
  for (std::size_t i = 0; i < bars.size(); ++i)
    svg += bar_row(bars[i], i, limit);
  return svg + "</svg>";
}

}  // namespace tally::report

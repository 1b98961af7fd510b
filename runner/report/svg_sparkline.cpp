// A sparkline: one polyline scaled to its own min and max.
#include <algorithm>
#include <cstdio>

#include "report/html_text.hpp"
#include "report/svg_charts.hpp"

namespace tally::report {

namespace {

std::string coord(double x, double y) {
  char text[40];
  std::snprintf(text, sizeof text, "%.1f,%.1f", x, y);
  return text;
}

std::vector<double> pick_evenly(const std::vector<double>& values,
                                std::size_t max_points) {
  if (values.size() <= max_points || max_points < 2) return values;
  std::vector<double> picked;
  for (std::size_t i = 0; i < max_points; ++i)
    picked.push_back(values[i * (values.size() - 1) / (max_points - 1)]);
  return picked;
}

}  // namespace

std::string svg_sparkline(const std::vector<double>& all,
                          const std::string& caption, double width,
                          double height, std::size_t max_points) {
  const std::vector<double> values = pick_evenly(all, max_points);
  char size[80];
  std::snprintf(size, sizeof size, "width=\"%.0f\" height=\"%.0f\"", width,
                height);
  std::string svg = "<svg class=\"chart spark\" " + std::string(size) +
                    " role=\"img\"><title>" + escape_html(caption) + "</title>";
  if (values.empty()) return svg + "</svg>";
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const double span = *hi - *lo;
  const double pad = 3;
  auto x_of = [&](std::size_t i) {
    return values.size() == 1
               ? width / 2
               : pad + (width - 2 * pad) * static_cast<double>(i) /
                           static_cast<double>(values.size() - 1);
  };
  auto y_of = [&](double v) {
    return span == 0 ? height / 2
                     : height - pad - (height - 2 * pad) * (v - *lo) / span;
  };
  std::string points;
  for (std::size_t i = 0; i < values.size(); ++i)
    points += (i ? " " : "") + coord(x_of(i), y_of(values[i]));
  svg += "<polyline points=\"" + points + "\"/>";
  const std::size_t at_min = static_cast<std::size_t>(lo - values.begin());
  const std::string xy = coord(x_of(at_min), y_of(*lo));
  svg += "<circle cx=\"" + xy.substr(0, xy.find(',')) + "\" cy=\"" +
         xy.substr(xy.find(',') + 1) + "\" r=\"2\"/>";
  return svg + "</svg>";
}

}  // namespace tally::report

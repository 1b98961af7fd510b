#include "results/console_report.hpp"

#include <algorithm>
#include <cstdio>

namespace tally {
namespace {

std::string clock_text(double seconds) {
  long s = static_cast<long>(seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%ld:%02ld", s / 60, s % 60);
  return buffer;
}

std::string pad(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

}  // namespace

std::string progress_line(size_t done, size_t total, const CellResult& result,
                          double run_elapsed_s) {
  char counter[32];
  const int width = static_cast<int>(std::to_string(total).size());
  std::snprintf(counter, sizeof(counter), "[%*zu/%zu]", width, done, total);
  char elapsed[32];
  std::snprintf(elapsed, sizeof(elapsed), "%.1f s", result.elapsed_s);
  std::string line = std::string(counter) + " " + result.name + "  " +
                     to_string(result.status);
  if (result.status == CellStatus::kOk)
    line += "  " + std::string(elapsed);
  else if (!result.reason.empty())
    line += ": " + first_line(result.reason);
  return line + "  (elapsed " + clock_text(run_elapsed_s) + ")";
}

void print_summary(std::ostream& out, const std::vector<CellResult>& results) {
  size_t name_width = 4, metric_width = 6;
  for (const auto& r : results) {
    name_width = std::max(name_width, r.name.size());
    for (const auto& [metric, stats] : r.metrics)
      metric_width = std::max(metric_width, metric.size());
  }
  name_width += 2;
  metric_width += 2;
  out << pad("cell", name_width) << pad("status", 9)
      << pad("metric", metric_width) << pad("min", 16) << pad("median", 16)
      << "max\n";
  for (const auto& r : results) {
    if (r.status != CellStatus::kOk) {
      out << pad(r.name, name_width) << pad(to_string(r.status), 9)
          << first_line(r.reason) << "\n";
      continue;
    }
    bool first = true;
    for (const auto& [metric, stats] : r.metrics) {
      out << pad(first ? r.name : "", name_width) << pad(first ? "ok" : "", 9)
          << pad(metric, metric_width) << pad(std::to_string(stats.min), 16)
          << pad(std::to_string(stats.median), 16) << stats.max << "\n";
      first = false;
    }
  }
  print_unstable(out, results);
}

void print_unstable(std::ostream& out, const std::vector<CellResult>& results) {
  for (const auto& r : results)
    for (const auto& [metric, stats] : r.metrics)
      if (is_unstable(r, stats)) {
        char pcts[64];
        std::snprintf(pcts, sizeof pcts, "%.1f%% (above %.1f%%)",
                      spread(stats) * 100, r.unstable_spread * 100);
        out << "warning: " << r.name << " " << metric
            << " is unstable: its samples spread by " << pcts
            << "; more iterations or a quieter machine help\n";
      }
}

}  // namespace tally

#include "report/trend_axis.hpp"

#include <ctime>
#include <optional>

namespace tally::report {

namespace {

// "2026-11-30T19:34:21Z" (and with fractions or an offset, read to the
// second) as seconds since the epoch.
std::optional<double> epoch_seconds(const std::string& iso) {
  std::tm tm{};
  const char* end = ::strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  return static_cast<double>(::timegm(&tm));
}

std::string when(const history::RunInfo& r) {
  return r.start_time.value_or(r.added_at);
}

}  // namespace

RunAxis run_axis(const std::vector<history::RunInfo>& runs) {
  RunAxis axis;
  if (runs.empty()) return axis;
  std::vector<std::optional<double>> t;
  for (const auto& r : runs) t.push_back(epoch_seconds(when(r)));
  bool by_time = true;
  for (const auto& v : t) by_time &= v.has_value();
  const double span = by_time ? *t.back() - *t.front() : 0;
  by_time &= span > 0;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    double x = runs.size() == 1 ? 0.5
                                : static_cast<double>(i) /
                                      static_cast<double>(runs.size() - 1);
    if (by_time) x = (*t[i] - *t.front()) / span;
    axis.x[runs[i].id] = x;
    std::string label =
        "run " + std::to_string(runs[i].id) + " · " + when(runs[i]);
    if (runs[i].git_commit)
      label += " · commit " + runs[i].git_commit->substr(0, 12);
    axis.hover.emplace_back(x, label);
  }
  axis.first_label = when(runs.front()).substr(0, 10);
  axis.last_label = when(runs.back()).substr(0, 10);
  return axis;
}

}  // namespace tally::report

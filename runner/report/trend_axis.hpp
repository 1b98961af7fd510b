// Where each run of a history sits on the trend charts' shared x axis: by
// its start time (when every run has one and they differ), else evenly.
#ifndef TALLY_REPORT_TREND_AXIS_HPP
#define TALLY_REPORT_TREND_AXIS_HPP

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "history/history_db.hpp"

namespace tally::report {

struct RunAxis {
  std::map<std::int64_t, double> x;  // run id -> 0 … 1
  std::string first_label, last_label;
  /// For the page's hover, in run order: {x, "run N · time · commit"}.
  std::vector<std::pair<double, std::string>> hover;
};

RunAxis run_axis(const std::vector<history::RunInfo>& runs);

}  // namespace tally::report

#endif  // TALLY_REPORT_TREND_AXIS_HPP

#include "run/verify.hpp"

#include <algorithm>
#include <cstdio>

#include "run/cell_scheduler.hpp"

namespace tally {

int VerifyReport::exact_counter_differences() const {
  return static_cast<int>(std::count_if(
      differences.begin(), differences.end(),
      [](const VerifyDifference& d) { return d.counter == "callgrind"; }));
}

namespace {

void compare_minima(const CellResult& a, const CellResult& b,
                    VerifyReport& report) {
  for (const auto& [metric, stats] : a.metrics) {
    auto it = b.metrics.find(metric);
    if (it == b.metrics.end()) {
      report.not_verified.push_back(a.name + ": " + metric +
                                    " missing from the second measurement");
    } else if (it->second.min != stats.min) {
      report.differences.push_back(
          {a.name, metric, a.counter, stats.min, it->second.min});
    }
  }
}

}  // namespace

VerifyReport verify_cells(const std::vector<PlannedCell>& plan,
                          const std::vector<std::optional<CellResult>>& first,
                          int jobs, const std::atomic<bool>* stop) {
  std::vector<PlannedCell> again;
  std::vector<const CellResult*> before;
  for (std::size_t i = 0; i < plan.size(); ++i)
    if (first[i] && first[i]->status == CellStatus::kOk) {
      again.push_back(plan[i]);
      before.push_back(&*first[i]);
    }
  std::vector<std::optional<CellResult>> second(again.size());
  SchedulerHooks hooks;
  hooks.finished = [&](size_t index, const CellResult& result) {
    second[index] = result;
  };
  // Uniform costs: the split does not change a count, only the wall time.
  run_cells(again, plan_batches(again, CellCosts{}, jobs), jobs, hooks, stop);
  VerifyReport report;
  for (std::size_t i = 0; i < again.size(); ++i) {
    if (!second[i]) continue;  // stopped by a signal
    if (second[i]->status != CellStatus::kOk) {
      report.not_verified.push_back(again[i].name + ": second measurement " +
                                    to_string(second[i]->status) + ": " +
                                    second[i]->reason);
      continue;
    }
    ++report.cells;
    compare_minima(*before[i], *second[i], report);
  }
  return report;
}

void print_verify_report(std::ostream& out, const VerifyReport& report) {
  out << "\nverify: " << report.cells
      << " cell(s) measured twice in separately started workers, "
      << report.differences.size() << " metric(s) with a different minimum\n";
  for (const VerifyDifference& d : report.differences) {
    const double pct =
        d.first == 0
            ? 0
            : (static_cast<double>(d.second) / static_cast<double>(d.first) -
               1) *
                  100;
    char change[32];
    std::snprintf(change, sizeof change, "%+.4f%%", pct);
    out << "  " << d.name << "," << d.metric << " (" << d.counter
        << "): " << d.first << " then " << d.second << " (" << change << ")"
        << (d.counter == "callgrind"
                ? ": callgrind counts must repeat; this is a bug"
                : ": noise between runs")
        << "\n";
  }
  for (const std::string& s : report.not_verified)
    out << "  not verified: " << s << "\n";
}

nlohmann::json to_json(const VerifyReport& report) {
  nlohmann::json differences = nlohmann::json::array();
  for (const VerifyDifference& d : report.differences)
    differences.push_back({{"name", d.name},
                           {"metric", d.metric},
                           {"counter", d.counter},
                           {"first", d.first},
                           {"second", d.second}});
  return {{"cells", report.cells},
          {"differences", differences},
          {"not_verified", report.not_verified}};
}

}  // namespace tally

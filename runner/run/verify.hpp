// `tally run --verify`: every cell measured a second time, in workers
// started afresh, and each metric's minimum compared with the first
// measurement. Under callgrind a count repeats to the instruction, so any
// difference is a bug (in tally, the plugin, or what the cell depends on);
// under wall and perf it shows the noise between runs.
#ifndef TALLY_RUN_VERIFY_HPP
#define TALLY_RUN_VERIFY_HPP

#include <atomic>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "plan/plan.hpp"
#include "results/cell_result.hpp"

namespace tally {

struct VerifyDifference {
  std::string name, metric, counter;
  std::uint64_t first = 0, second = 0;  // the two minima
};

struct VerifyReport {
  int cells = 0;  // cells measured twice with status ok both times
  std::vector<VerifyDifference> differences;
  std::vector<std::string> not_verified;  // "name: why" (failed the 2nd time)

  /// Differences under callgrind: the ones that are bugs.
  int exact_counter_differences() const;
};

/// Measures the cells of `plan` whose result in `first` is ok once more
/// with `jobs` workers, and compares minima.
VerifyReport verify_cells(const std::vector<PlannedCell>& plan,
                          const std::vector<std::optional<CellResult>>& first,
                          int jobs, const std::atomic<bool>* stop);

void print_verify_report(std::ostream& out, const VerifyReport& report);
nlohmann::json to_json(const VerifyReport& report);

}  // namespace tally

#endif  // TALLY_RUN_VERIFY_HPP

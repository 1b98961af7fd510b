// Cost-aware split of cells into worker batches and of batches into lanes
// (workers running side by side, or shards on other machines): longest
// first, a plugin's cells split over several workers only when that
// shortens the predicted makespan net of the extra worker start-ups.
#ifndef TALLY_RUN_WORK_SPLIT_HPP
#define TALLY_RUN_WORK_SPLIT_HPP

#include <cstddef>
#include <string>
#include <vector>

namespace tally {

struct CostedCell {
  std::string group;   // cells of one group may share a worker
  double cost = 0;     // predicted seconds of the cell
  double startup = 0;  // predicted seconds to start a worker for its group
};

/// Cells that one worker measures in a row, after starting once.
struct WorkBatch {
  std::vector<size_t> cells;  // indices into the costed cells, longest first
  double cost = 0;            // start-up plus the cells
};

struct WorkSplit {
  std::vector<WorkBatch> batches;          // longest first
  std::vector<std::vector<size_t>> lanes;  // per lane, indices into batches
  std::vector<double> lane_cost;           // predicted seconds per lane
  double makespan = 0;                     // the longest lane
  /// max(longest cell, total cell time / lanes) + the longest start-up: no
  /// split can do better.
  double bound = 0;
};

/// Splits `cells` over `lanes` (≥ 1) lanes, deterministically: equal input
/// gives equal output on every machine.
WorkSplit split_work(const std::vector<CostedCell>& cells, int lanes);

}  // namespace tally

#endif  // TALLY_RUN_WORK_SPLIT_HPP

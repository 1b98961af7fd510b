#include "run/work_split.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace tally {
namespace {

// A group's cells, longest first (ties in input order), and how many
// workers it gets.
struct Group {
  std::vector<size_t> cells;
  double startup = 0;
  size_t workers = 1;
};

std::vector<Group> make_groups(const std::vector<CostedCell>& cells) {
  std::map<std::string, size_t> index;
  std::vector<Group> groups;
  for (size_t i = 0; i < cells.size(); ++i) {
    auto [it, added] = index.emplace(cells[i].group, groups.size());
    if (added) groups.push_back({{}, cells[i].startup, 1});
    Group& g = groups[it->second];
    g.cells.push_back(i);
    g.startup = std::max(g.startup, cells[i].startup);
  }
  for (auto& g : groups)
    std::stable_sort(g.cells.begin(), g.cells.end(), [&](size_t a, size_t b) {
      return cells[a].cost > cells[b].cost;
    });
  return groups;
}

// Longest-processing-time first: each item to the least loaded bin (the
// lowest-numbered on a tie). Returns the bin of each item.
std::vector<size_t> assign_lpt(const std::vector<double>& costs, size_t bins,
                               std::vector<double>& load) {
  load.assign(bins, 0.0);
  std::vector<size_t> bin(costs.size());
  for (size_t i = 0; i < costs.size(); ++i) {
    const auto least = std::min_element(load.begin(), load.end());
    bin[i] = static_cast<size_t>(least - load.begin());
    *least += costs[i];
  }
  return bin;
}

// The batches of a group split over g.workers workers, balanced by LPT.
std::vector<WorkBatch> batches_of(const Group& g,
                                  const std::vector<CostedCell>& cells) {
  std::vector<double> costs;
  for (size_t i : g.cells) costs.push_back(cells[i].cost);
  std::vector<double> load;
  const auto bin = assign_lpt(costs, g.workers, load);
  std::vector<WorkBatch> batches(g.workers);
  for (size_t k = 0; k < g.cells.size(); ++k)
    batches[bin[k]].cells.push_back(g.cells[k]);
  for (size_t b = 0; b < batches.size(); ++b)
    batches[b].cost = g.startup + load[b];
  return batches;
}

WorkSplit evaluate(const std::vector<Group>& groups,
                   const std::vector<CostedCell>& cells, size_t lanes) {
  WorkSplit split;
  for (const auto& g : groups)
    for (auto& b : batches_of(g, cells))
      if (!b.cells.empty()) split.batches.push_back(std::move(b));
  std::stable_sort(
      split.batches.begin(), split.batches.end(),
      [](const WorkBatch& a, const WorkBatch& b) { return a.cost > b.cost; });
  std::vector<double> costs;
  for (const auto& b : split.batches) costs.push_back(b.cost);
  const auto lane = assign_lpt(costs, lanes, split.lane_cost);
  split.lanes.assign(lanes, {});
  for (size_t b = 0; b < lane.size(); ++b) split.lanes[lane[b]].push_back(b);
  split.makespan =
      *std::max_element(split.lane_cost.begin(), split.lane_cost.end());
  return split;
}

double lower_bound(const std::vector<CostedCell>& cells, size_t lanes) {
  double longest = 0, total = 0, startup = 0;
  for (const auto& c : cells) {
    longest = std::max(longest, c.cost);
    total += c.cost;
    startup = std::max(startup, c.startup);
  }
  return std::max(longest, total / static_cast<double>(lanes)) + startup;
}

// The group whose batch is the longest, if it can still be split further.
std::optional<size_t> group_to_split(const std::vector<Group>& groups,
                                     const std::vector<CostedCell>& cells,
                                     const WorkSplit& split, size_t lanes) {
  if (split.batches.empty()) return std::nullopt;
  const size_t first = split.batches.front().cells.front();
  for (size_t g = 0; g < groups.size(); ++g)
    if (cells[groups[g].cells.front()].group == cells[first].group &&
        groups[g].workers < std::min(groups[g].cells.size(), lanes))
      return g;
  return std::nullopt;
}

}  // namespace

WorkSplit split_work(const std::vector<CostedCell>& cells, int lane_count) {
  const size_t lanes = static_cast<size_t>(std::max(lane_count, 1));
  std::vector<Group> groups = make_groups(cells);
  WorkSplit best = evaluate(groups, cells, lanes);
  // Give the group of the longest batch more workers while that shortens
  // the sweep; each costs one more start-up, so this stops where splitting
  // no longer pays.
  while (auto g = group_to_split(groups, cells, best, lanes)) {
    const size_t before = groups[*g].workers;
    const size_t most = std::min(groups[*g].cells.size(), lanes);
    bool better = false;
    for (size_t w = before + 1; w <= most && !better; ++w) {
      groups[*g].workers = w;
      WorkSplit tried = evaluate(groups, cells, lanes);
      better = tried.makespan < best.makespan - 1e-9;
      if (better) best = std::move(tried);
    }
    if (!better) {
      groups[*g].workers = before;
      break;
    }
  }
  best.bound = cells.empty() ? 0 : lower_bound(cells, lanes);
  if (cells.empty()) best.makespan = 0;
  return best;
}

}  // namespace tally

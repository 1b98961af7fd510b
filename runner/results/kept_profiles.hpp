// profiles/ of a results folder: the callgrind profile of each metric's
// reported sample, merged from the dumps of that sample's segments, so that
// `tally explain` and callgrind's own viewers can say where a count went.
#ifndef TALLY_RESULTS_KEPT_PROFILES_HPP
#define TALLY_RESULTS_KEPT_PROFILES_HPP

#include <string>

#include "plan/plan.hpp"
#include "protocol/messages.hpp"
#include "results/cell_result.hpp"

namespace tally {

/// Writes out_dir/profiles/<name>.<metric>.callgrind for every metric of
/// `result` that `m` has dumps for (per sample with ProfileMode::kAll:
/// <name>.<metric>.<i>.callgrind), records them in `result`, and removes the
/// cell's dumps from `dump_dir`. Throws tally::Error when a dump is missing
/// or corrupt, or when a merged profile's total differs from its sample.
void keep_profiles(const PlannedCell& cell, const Measurement& m,
                   const std::string& dump_dir, const std::string& out_dir,
                   CellResult& result);

}  // namespace tally

#endif  // TALLY_RESULTS_KEPT_PROFILES_HPP

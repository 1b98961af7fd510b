// The inputs of `tally explain`: which profiles a results folder lists in
// its results.json, the pairs two runs have in common, and a profile
// streamed with a check that it is the one listed.
#ifndef TALLY_EXPLAIN_EXPLAIN_INPUTS_HPP
#define TALLY_EXPLAIN_EXPLAIN_INPUTS_HPP

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "profile/profile_sink.hpp"

namespace tally::explain {

struct ProfiledRun {
  std::string results_json;  // the file read, for messages
  std::string counter;       // metadata.counter; empty when not recorded
  /// Cell names in file order, and (cell, metric) -> profile path (the
  /// results folder joined with cells[i].metrics[metric].profile).
  std::vector<std::string> cells;
  std::map<std::pair<std::string, std::string>, std::string> profiles;
};

/// Reads `dir`/results.json. Throws tally::Error: kIoError when the folder
/// or its results.json is missing, kBadInput (naming the cell) when it is
/// malformed or a profile entry is not a relative path.
ProfiledRun read_profiled_run(const std::string& dir);

struct ProfilePair {
  std::string cell, metric;
  std::string base_profile, new_profile;
};

/// The (cell, metric)s with a profile in both runs, in BASE's order,
/// limited to cells `filter` (a regular expression; empty: all) matches and
/// to `metric` (empty: all). Throws tally::Error(kNoProfiles) naming the
/// files when the runs' counters differ, a run has no profile at all, or no
/// pair is left.
std::vector<ProfilePair> profile_pairs(const ProfiledRun& base,
                                       const ProfiledRun& now,
                                       const std::string& filter,
                                       const std::string& metric);

/// Streams the profile at `path` into `sink`, checked to be the one of
/// `cell` and `metric`: its `desc:` lines must name them (see
/// profile::Profile::label()). Throws as profile::stream_callgrind(),
/// kIoError when it is missing, and kBadInput naming the file when it
/// names another cell or metric, or none.
void stream_cell_profile(const std::string& path, const std::string& cell,
                         const std::string& metric, profile::ProfileSink& sink);

}  // namespace tally::explain

#endif  // TALLY_EXPLAIN_EXPLAIN_INPUTS_HPP

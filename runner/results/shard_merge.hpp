// `tally merge`: the results folders of a sweep's shards (`tally run
// --shard K/N`) put together into the one an unsharded run would have
// written: results.csv, results.json, journal.jsonl and profiles/, cells in
// plan order. Shards of different plans, overlapping shards and missing
// cells are refused, each with one line.
#ifndef TALLY_RESULTS_SHARD_MERGE_HPP
#define TALLY_RESULTS_SHARD_MERGE_HPP

#include <string>
#include <vector>

namespace tally {

struct MergeRequest {
  std::vector<std::string> shard_dirs;
  std::string out_dir;
  bool allow_partial = false;  // merge anyway, listing the missing cells
};

struct MergeOutcome {
  size_t cells = 0;                  // planned cells with a result
  size_t not_ok = 0;                 // of those, failed, crashed, timed out
  std::vector<std::string> missing;  // planned cells with no result
};

/// Throws Error: kShardMismatch (different plans, a folder that is not a
/// shard, overlapping shards), kMissingResult (missing cells without
/// allow_partial), kIoError, kBadInput (a damaged run.json/results.json).
MergeOutcome merge_shards(const MergeRequest& request);

}  // namespace tally

#endif  // TALLY_RESULTS_SHARD_MERGE_HPP

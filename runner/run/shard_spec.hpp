// Which shard of a sweep this run measures: `--shard K/N` (1 ≤ K ≤ N), or
// `--shard auto` from the job engine's environment: a Slurm job array
// (SLURM_ARRAY_TASK_ID within SLURM_ARRAY_TASK_MIN..MAX, or, when a count
// is given by --shard-count or TALLY_SHARD_COUNT, task ids from 0) or a
// Kubernetes Indexed Job (JOB_COMPLETION_INDEX, 0-based, with a count).
#ifndef TALLY_RUN_SHARD_SPEC_HPP
#define TALLY_RUN_SHARD_SPEC_HPP

#include <functional>
#include <optional>
#include <string>

namespace tally {

struct ShardSpec {
  int index = 1;  // K, 1-based
  int count = 1;  // N
};

using EnvLookup = std::function<std::optional<std::string>(const char*)>;

/// Parses `--shard` (K/N or auto); `count` is --shard-count. Throws
/// Error(kUsage) saying what is missing or wrong.
ShardSpec resolve_shard(const std::string& text, std::optional<int> count,
                        const EnvLookup& env);

/// The process environment, for resolve_shard.
std::optional<std::string> process_env(const char* name);

}  // namespace tally

#endif  // TALLY_RUN_SHARD_SPEC_HPP

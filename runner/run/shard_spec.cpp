#include "run/shard_spec.hpp"

#include <cstdlib>
#include <regex>

#include "core/error.hpp"

namespace tally {
namespace {

constexpr int kMostShards = 100000;

Error usage(const std::string& what) {
  return Error("--shard: " + what, ExitCode::kUsage);
}

int to_number(const std::string& text, const std::string& what) {
  if (!std::regex_match(text, std::regex("[0-9]{1,9}")))
    throw usage(what + " is '" + text + "', not a whole number");
  return std::stoi(text);
}

ShardSpec checked(int index, int count, const std::string& from) {
  if (count < 1 || count > kMostShards)
    throw usage(from + ": the shard count must be between 1 and " +
                std::to_string(kMostShards) + ", got " + std::to_string(count));
  if (index < 1 || index > count)
    throw usage(from + ": shard " + std::to_string(index) +
                " is not between 1 and " + std::to_string(count));
  return {index, count};
}

// --shard-count, else $TALLY_SHARD_COUNT, if either is given.
std::optional<int> given_count(std::optional<int> flag, const EnvLookup& env) {
  if (flag) return flag;
  if (const auto text = env("TALLY_SHARD_COUNT"))
    return to_number(*text, "TALLY_SHARD_COUNT");
  return std::nullopt;
}

std::optional<ShardSpec> from_slurm(std::optional<int> count,
                                    const EnvLookup& env) {
  const auto id = env("SLURM_ARRAY_TASK_ID");
  if (!id) return std::nullopt;
  const int task = to_number(*id, "SLURM_ARRAY_TASK_ID");
  // With the count given, tasks are numbered from 0, so a resubmission of
  // some of them (--array=1) keeps each task's shard.
  if (count) return checked(task + 1, *count, "Slurm array task " + *id);
  const auto min = env("SLURM_ARRAY_TASK_MIN");
  const auto max = env("SLURM_ARRAY_TASK_MAX");
  if (!min || !max)
    throw usage(
        "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_MIN/MAX are "
        "not; is this a job array?");
  const int lo = to_number(*min, "SLURM_ARRAY_TASK_MIN");
  const int hi = to_number(*max, "SLURM_ARRAY_TASK_MAX");
  const auto total = env("SLURM_ARRAY_TASK_COUNT");
  const int n =
      total ? to_number(*total, "SLURM_ARRAY_TASK_COUNT") : hi - lo + 1;
  // With a step (--array=0-10:2) or a list, task ids do not map onto 1..N
  // one to one; shards would be lost.
  if (n != hi - lo + 1)
    throw usage("the job array " + *min + "-" + *max + " has " +
                std::to_string(n) +
                " tasks; submit a contiguous array (--array=0-N-1) or set "
                "TALLY_SHARD_COUNT");
  return checked(task - lo + 1, n, "Slurm array task " + *id);
}

std::optional<ShardSpec> from_kubernetes(std::optional<int> count,
                                         const EnvLookup& env) {
  const auto index = env("JOB_COMPLETION_INDEX");
  if (!index) return std::nullopt;
  if (!count)
    throw usage(
        "JOB_COMPLETION_INDEX is set, but not the shard count; "
        "pass --shard-count N or set TALLY_SHARD_COUNT to the "
        "Job's completions");
  return checked(to_number(*index, "JOB_COMPLETION_INDEX") + 1, *count,
                 "Kubernetes completion index " + *index);
}

}  // namespace

ShardSpec resolve_shard(const std::string& text, std::optional<int> count,
                        const EnvLookup& env) {
  if (text == "auto") {
    const auto n = given_count(count, env);
    if (auto spec = from_slurm(n, env)) return *spec;
    if (auto spec = from_kubernetes(n, env)) return *spec;
    throw usage(
        "auto needs SLURM_ARRAY_TASK_ID (a Slurm job array) or "
        "JOB_COMPLETION_INDEX (a Kubernetes Indexed Job); neither "
        "is set, so give K/N");
  }
  std::smatch m;
  if (!std::regex_match(text, m, std::regex("([0-9]+)/([0-9]+)")))
    throw usage("expected K/N (e.g. 2/3) or auto, got '" + text + "'");
  if (count)
    throw usage("--shard-count goes with --shard auto only; K/N gives N");
  return checked(to_number(m[1], "K"), to_number(m[2], "N"), text);
}

std::optional<std::string> process_env(const char* name) {
  const char* value = std::getenv(name);
  if (!value) return std::nullopt;
  return std::string(value);
}

}  // namespace tally

// --shard K/N and --shard auto from Slurm's and Kubernetes' environment.
#include <gtest/gtest.h>

#include <map>

#include "core/error.hpp"
#include "run/shard_spec.hpp"

namespace tally {
namespace run_shard_spec_test {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// A Slurm array task's environment, plus any other variables.
EnvLookup slurm_task(const std::string& id, const std::string& min,
                     const std::string& max, const std::string& count,
                     std::map<std::string, std::string> more = {}) {
  more.insert({{"SLURM_ARRAY_TASK_ID", id},
               {"SLURM_ARRAY_TASK_MIN", min},
               {"SLURM_ARRAY_TASK_MAX", max},
               {"SLURM_ARRAY_TASK_COUNT", count}});
  return env_of(std::move(more));
}

std::string usage_error(const std::string& text, std::optional<int> count,
                        const EnvLookup& env) {
  try {
    resolve_shard(text, count, env);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    return e.what();
  }
  return "no error";
}

TEST(ShardSpec, ParsesKOfN) {
  const ShardSpec spec = resolve_shard("2/3", std::nullopt, env_of({}));
  EXPECT_EQ(spec.index, 2);
  EXPECT_EQ(spec.count, 3);
  EXPECT_NE(
      usage_error("0/3", std::nullopt, env_of({})).find("not between 1 and 3"),
      std::string::npos);
  EXPECT_NE(usage_error("4/3", std::nullopt, env_of({})).find("not between"),
            std::string::npos);
  EXPECT_NE(usage_error("two", std::nullopt, env_of({})).find("expected K/N"),
            std::string::npos);
}

TEST(ShardSpec, AutoReadsASlurmArray) {
  // --array=5-7: task 6 is the second of three.
  const ShardSpec spec =
      resolve_shard("auto", std::nullopt, slurm_task("6", "5", "7", "3"));
  EXPECT_EQ(spec.index, 2);
  EXPECT_EQ(spec.count, 3);
}

TEST(ShardSpec, AutoWithACountKeepsAResubmittedTasksShard) {
  // `sbatch --array=1` of a 3-shard sweep: MIN = MAX = 1.
  const ShardSpec spec = resolve_shard(
      "auto", std::nullopt,
      slurm_task("1", "1", "1", "1", {{"TALLY_SHARD_COUNT", "3"}}));
  EXPECT_EQ(spec.index, 2);
  EXPECT_EQ(spec.count, 3);
}

TEST(ShardSpec, AutoRefusesAnArrayWithAStep) {
  EXPECT_NE(usage_error("auto", std::nullopt, slurm_task("2", "0", "4", "3"))
                .find("contiguous"),
            std::string::npos);
}

TEST(ShardSpec, AutoReadsAKubernetesIndexedJob) {
  const auto env = env_of({{"JOB_COMPLETION_INDEX", "0"}});
  const ShardSpec spec = resolve_shard("auto", 4, env);
  EXPECT_EQ(spec.index, 1);
  EXPECT_EQ(spec.count, 4);
  EXPECT_NE(usage_error("auto", std::nullopt, env).find("--shard-count"),
            std::string::npos);
  const auto with_env =
      env_of({{"JOB_COMPLETION_INDEX", "3"}, {"TALLY_SHARD_COUNT", "4"}});
  EXPECT_EQ(resolve_shard("auto", std::nullopt, with_env).index, 4);
}

TEST(ShardSpec, AutoWithoutAJobEngineSaysSo) {
  EXPECT_NE(
      usage_error("auto", std::nullopt, env_of({})).find("neither is set"),
      std::string::npos);
}

}  // namespace run_shard_spec_test
}  // namespace tally

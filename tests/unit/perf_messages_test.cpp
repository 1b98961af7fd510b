// What the perf counter tells a user whose machine refuses it, and how it
// judges a multiplexed segment. The refusals cannot be provoked on a test
// machine running as root, so the messages are checked directly.
#include <gtest/gtest.h>

#include <cerrno>
#include <climits>

#include "counters/perf_counter.hpp"

namespace tally {
namespace {

bool says(const std::string& message, const std::string& part) {
  return message.find(part) != std::string::npos;
}

TEST(PerfMessages, ParanoidTooHighNamesTheSysctl) {
  const std::string m = explain_perf_open_failure(EACCES, 3);
  EXPECT_TRUE(says(m, "kernel.perf_event_paranoid=3")) << m;
  EXPECT_TRUE(says(m, "sysctl kernel.perf_event_paranoid=2")) << m;
  EXPECT_TRUE(says(m, "--counter callgrind")) << m;
  // EPERM under a strict sysctl is the sysctl too.
  EXPECT_EQ(explain_perf_open_failure(EPERM, 4),
            explain_perf_open_failure(EACCES, 4));
}

TEST(PerfMessages, ContainerSeccompSaysCapAdd) {
  for (int err : {EPERM, ENOSYS}) {
    const std::string m = explain_perf_open_failure(err, 1);
    EXPECT_TRUE(says(m, "seccomp")) << m;
    EXPECT_TRUE(says(m, "--cap-add PERFMON")) << m;
    EXPECT_TRUE(says(m, "--counter callgrind")) << m;
  }
}

TEST(PerfMessages, NoPmuSaysUseCallgrind) {
  for (int err : {ENOENT, EOPNOTSUPP, ENODEV}) {
    const std::string m = explain_perf_open_failure(err, 2);
    EXPECT_TRUE(says(m, "no hardware instruction counter")) << m;
    EXPECT_TRUE(says(m, "--counter callgrind")) << m;
  }
  EXPECT_TRUE(says(explain_perf_open_failure(EACCES, INT_MAX),
                   "perf_event_paranoid=unknown"));
}

TEST(PerfMessages, MultiplexingIsJudgedByRunningAgainstEnabled) {
  EXPECT_FALSE(multiplexing_problem(1000, 1000));
  EXPECT_FALSE(multiplexing_problem(0, 0));
  const auto problem = multiplexing_problem(1000, 999);
  ASSERT_TRUE(problem);
  EXPECT_TRUE(says(*problem, "ran 99.9 % of the time it was enabled"))
      << *problem;
  EXPECT_TRUE(says(*problem, "--counter callgrind")) << *problem;
}

}  // namespace
}  // namespace tally

#include "core/did_you_mean.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tally {
namespace {

const std::vector<std::string> kKeys = {
    "iterations", "counter", "timeout", "threads", "regions", "memory_limit"};

TEST(DidYouMean, EditDistanceCountsSwapsAsOneAndIgnoresCase) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("cdua", "cuda"), 1u);
  EXPECT_EQ(edit_distance("CPU", "cpu"), 0u);
}

TEST(DidYouMean, SuggestsTheClosePlausibleCandidate) {
  EXPECT_EQ(did_you_mean("iteratons", kKeys), "iterations");
  EXPECT_EQ(did_you_mean("treads", kKeys), "threads");
  EXPECT_EQ(did_you_mean("Timeout", kKeys), "timeout");
  EXPECT_EQ(did_you_mean("memory-limit", kKeys), "memory_limit");
  EXPECT_EQ(did_you_mean("pref", {"auto", "perf", "callgrind", "wall"}),
            "perf");
}

TEST(DidYouMean, StaysQuietWhenNothingIsClose) {
  EXPECT_EQ(did_you_mean("zzzzzz", kKeys), std::nullopt);
  EXPECT_EQ(did_you_mean("", kKeys), std::nullopt);
  EXPECT_EQ(did_you_mean("x", {}), std::nullopt);
  EXPECT_EQ(did_you_mean("ab", {"xyz"}), std::nullopt);
  EXPECT_EQ(did_you_mean(std::string(10000, 'a'), kKeys), std::nullopt);
}

TEST(DidYouMean, FirstCandidateWinsATie) {
  EXPECT_EQ(did_you_mean("cat", {"bat", "hat"}), "bat");
  EXPECT_EQ(did_you_mean("cat", {"hat", "bat"}), "hat");
}

}  // namespace
}  // namespace tally

// The git commit is stamped at build time by runner/core/stamp_git_commit.cmake
// into fixed-size arrays: results name the commit the binary was built from,
// and a new commit never changes the binary's size.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <string>

#include "core/version.hpp"
#include "results/run_metadata.hpp"
#include "support/tally_cli.hpp"

namespace tally {
namespace {

using test::make_temp_dir;
using test::quote;
using test::read_text;
using test::write_text;

static_assert(sizeof(build_stamp::kGitCommit) == 65);
static_assert(sizeof(build_stamp::kGitState) == 8);

TEST(MetadataGitStamp, CommitIsHexOrUnknownAndJsonCarriesBoth) {
  const std::string commit = git_commit();
  EXPECT_TRUE(commit.empty() || commit.size() == 40 || commit.size() == 64)
      << commit;
  EXPECT_EQ(commit.find_first_not_of("0123456789abcdef"), std::string::npos);
  if (commit.empty()) EXPECT_FALSE(git_dirty());
  const nlohmann::json j = to_json(collect_run_metadata());
  EXPECT_EQ(j["git_commit"].is_null(), commit.empty());
  EXPECT_EQ(j["git_dirty"].is_null(), !git_dirty().has_value());
  if (git_dirty()) EXPECT_EQ(j["git_dirty"], *git_dirty());
}

// Runs the stamp script on `source`; returns the generated text.
std::string stamp(const std::string& source, const std::string& output) {
  const std::string command =
      "cmake -DGIT_EXECUTABLE=git -DSOURCE_DIR=" + quote(source) +
      " -DOUTPUT=" + quote(output) + " -P " +
      quote(std::string(TALLY_SOURCE_DIR) +
            "/runner/core/stamp_git_commit.cmake") +
      " >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return read_text(output);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MetadataGitStamp, ScriptStampsCommitAndStateAndRewritesOnlyOnChange) {
  if (std::system("cmake --version >/dev/null 2>&1 && git --version "
                  ">/dev/null 2>&1") != 0)
    GTEST_SKIP() << "needs cmake and git";
  const std::string dir = make_temp_dir("git-stamp");
  const std::string repo = dir + "/repo", out = dir + "/stamp.cpp";
  std::system(("mkdir -p " + quote(repo + "/sub")).c_str());
  EXPECT_TRUE(
      has(stamp(repo, out), "kGitCommit[kGitCommitSize] = \"unknown\""));
  EXPECT_TRUE(has(read_text(out), "kGitState[kGitStateSize] = \"unknown\""));
  const std::string git = "git -C " + quote(repo) +
                          " -c user.name=t -c user.email=t@t -c "
                          "commit.gpgsign=false ";
  write_text(repo + "/f", "1\n");
  ASSERT_EQ(std::system((git + "init -q 2>/dev/null && " + git + "add f && " +
                         git + "commit -qm one && " + git + "rev-parse HEAD >" +
                         quote(dir + "/head"))
                            .c_str()),
            0);
  const std::string head = read_text(dir + "/head").substr(0, 40);
  const std::string text = stamp(repo, out);
  EXPECT_TRUE(has(text, "\"" + head + "\"")) << text;
  EXPECT_TRUE(has(text, "\"clean\"")) << text;
  // Unchanged stamp: the file is not rewritten, so nothing recompiles.
  ASSERT_EQ(std::system(("touch -d 2000-01-01 " + quote(out)).c_str()), 0);
  write_text(repo + "/untracked", "x");
  EXPECT_TRUE(has(stamp(repo, out), "\"clean\""));
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_LT(st.st_mtime, 1000000000);
  write_text(repo + "/f", "2\n");
  EXPECT_TRUE(has(stamp(repo, out), "\"dirty\""));
  // A folder inside a checkout is not that checkout.
  EXPECT_TRUE(has(stamp(repo + "/sub", out), "\"unknown\""));
}

}  // namespace
}  // namespace tally

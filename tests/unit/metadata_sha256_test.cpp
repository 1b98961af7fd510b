// The matrix file's hash guards --resume: it must be right, and a file that
// cannot be read must stop the run instead of hashing to "".
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "core/error.hpp"
#include "results/run_metadata.hpp"
#include "support/tally_cli.hpp"

namespace tally {
namespace {

using test::make_temp_dir;
using test::write_text;

TEST(MetadataSha256, KnownDigests) {
  const std::string dir = make_temp_dir("sha256");
  write_text(dir + "/abc", "abc");
  EXPECT_EQ(file_sha256(dir + "/abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  write_text(dir + "/empty", "");
  EXPECT_EQ(file_sha256(dir + "/empty"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // Longer than one read: one million 'a's (a NIST test vector).
  write_text(dir + "/million", std::string(1000000, 'a'));
  EXPECT_EQ(file_sha256(dir + "/million"),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // A name the shell would have split or expanded.
  write_text(dir + "/it's $HOME", "abc");
  EXPECT_EQ(file_sha256(dir + "/it's $HOME"), file_sha256(dir + "/abc"));
}

TEST(MetadataSha256, TextDigestsAndRunIds) {
  EXPECT_EQ(sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // Runs started in the same second on one host still differ.
  const std::string a = new_run_id(), b = new_run_id();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
}

void expect_io_error(const std::string& path, const std::string& why) {
  try {
    file_sha256(path);
    ADD_FAILURE() << "no error for " << path;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kIoError);
    EXPECT_EQ(std::string(e.what()),
              "cannot compute the SHA-256 of " + path + ": " + why);
  }
}

TEST(MetadataSha256, UnreadableFilesThrow) {
  const std::string dir = make_temp_dir("sha256-bad");
  expect_io_error(dir + "/missing.yaml", "No such file or directory");
  expect_io_error(dir, "Is a directory");
  write_text(dir + "/locked.yaml", "x");
  ASSERT_EQ(::chmod((dir + "/locked.yaml").c_str(), 0), 0);
  if (::geteuid() != 0)  // root reads it anyway
    expect_io_error(dir + "/locked.yaml", "Permission denied");
}

}  // namespace
}  // namespace tally

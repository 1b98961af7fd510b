#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis_test_support.hpp"
#include "gate/expected_file.hpp"

namespace tally::gate {
namespace {

using analysis_test::error_of;
using analysis_test::fixture;
using analysis_test::ScratchDir;

TEST(AggregateExpectedFile, ReadsRowsCommentsAndSkips) {
  const ExpectedFile f = read_expected(fixture("skip_expected.csv"));
  ASSERT_EQ(f.rows.size(), 4u);
  EXPECT_EQ(f.rows[0].name, "basic_InlineMod_trace");
  EXPECT_EQ(f.rows[0].expected, 1000000);
  EXPECT_DOUBLE_EQ(f.rows[0].margin, 0.005);
  EXPECT_EQ(f.rows[0].line, 4);
  ASSERT_EQ(f.skips.size(), 2u);
  EXPECT_EQ(f.skips[0].name_glob, "mm_loop_*");
  EXPECT_EQ(f.skips[0].metric_glob, "*");  // empty field: every metric
  EXPECT_EQ(f.skips[0].reason, "under repair (issue 42)");
  EXPECT_TRUE(f.skips[0].matches("mm_loop_jit", "instruction_count"));
  EXPECT_FALSE(f.skips[0].matches("add_loop_jit", "instruction_count"));
  EXPECT_TRUE(
      f.skips[1].matches("add_loop_eager", "compile_time_instruction_count"));
  EXPECT_FALSE(f.skips[1].matches("add_loop_eager", "instruction_count"));
  EXPECT_EQ(f.skips[1].where, fixture("skip_expected.csv") + ":3");
}

TEST(AggregateExpectedFile, DuplicateRowNamesBothLines) {
  const auto [message, code] =
      error_of([] { read_expected(fixture("duplicate_expected.csv")); });
  EXPECT_EQ(code, ExitCode::kBadInput);
  EXPECT_NE(message.find("duplicate_expected.csv:4: duplicate expected row "
                         "basic_InlineMod_trace,compile_time_instruction_count "
                         "(first at line 1)"),
            std::string::npos)
      << message;
}

TEST(AggregateExpectedFile, MalformedRowsNameFileAndLine) {
  ScratchDir dir;
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"a,b,1\n", ":1: expected 4 fields"},
      {"# c\na,b,x,0.1\n", ":2: expected value 'x' is not a positive number"},
      {"a,b,0,0.1\n", ":1: expected value '0' is not a positive number"},
      {"a,b,10,10\n", ":1: noise_margin '10' is not a fraction"},
      {"skip\n", ":1: skip row needs a name glob"},
  };
  for (const Case& c : cases) {
    const std::string p = dir.write("e.csv", c.text);
    const auto [message, code] = error_of([&] { read_expected(p); });
    EXPECT_EQ(code, ExitCode::kBadInput) << c.text;
    EXPECT_NE(message.find(p + c.message), std::string::npos) << message;
  }
}

TEST(AggregateExpectedFile, SkipFlag) {
  const SkipRule r = parse_skip_flag("mm_loop_*,instruction_count");
  EXPECT_TRUE(r.matches("mm_loop_jit", "instruction_count"));
  EXPECT_FALSE(r.matches("mm_loop_jit", "compile_time_instruction_count"));
  EXPECT_TRUE(parse_skip_flag("add_*").matches("add_loop_eager", "anything"));
  EXPECT_EQ(error_of([] { parse_skip_flag(""); }).second, ExitCode::kUsage);
}

TEST(AggregateExpectedFile, RewriteKeepsEverythingElseByteIdentical) {
  ScratchDir dir;
  const std::string text =
      "# header\r\n"
      "a_eager, instruction_count , 1000 ,0.01\r\n"
      "\r\n"
      "skip,b_*\r\n"
      "c_eager,instruction_count,2000,0.01";
  const ExpectedFile f = read_expected(dir.write("e.csv", text));
  EXPECT_EQ(rewrite_expected(f, {}), text);
  EXPECT_EQ(rewrite_expected(f, {{2, "1100"}, {5, "2500"}}),
            "# header\r\n"
            "a_eager, instruction_count , 1100 ,0.01\r\n"
            "\r\n"
            "skip,b_*\r\n"
            "c_eager,instruction_count,2500,0.01");
}

TEST(AggregateExpectedFile, WriteExpectedReplacesAtomicallyKeepingModeAndLink) {
  ScratchDir dir;
  const std::string real = dir.write("real.csv", "# header\na,m,1,0.1\n");
  ASSERT_EQ(::chmod(real.c_str(), 0640), 0);
  const std::string link = dir.file("link.csv");
  ASSERT_EQ(::symlink(real.c_str(), link.c_str()), 0);
  struct stat before{};
  ASSERT_EQ(::stat(real.c_str(), &before), 0);
  write_expected(link, "# header\na,m,2,0.1\n");
  EXPECT_EQ(analysis_test::slurp(real), "# header\na,m,2,0.1\n");
  struct stat after{};
  ASSERT_EQ(::lstat(link.c_str(), &after), 0);
  EXPECT_TRUE(S_ISLNK(after.st_mode));  // still a link to the real file
  ASSERT_EQ(::stat(real.c_str(), &after), 0);
  EXPECT_NE(after.st_ino, before.st_ino);  // a new file renamed over it
  EXPECT_EQ(after.st_mode & 07777, 0640u);
  EXPECT_FALSE(boost::filesystem::exists(real + ".tmp"));
  const auto [message, code] =
      error_of([&] { write_expected(dir.file("no/such/folder/e.csv"), "x"); });
  EXPECT_EQ(code, ExitCode::kIoError);
  EXPECT_NE(message.find("no/such/folder/e.csv"), std::string::npos) << message;
}

}  // namespace
}  // namespace tally::gate

// The first real plugin end to end: dynamo_inline.so on LibTorch.
#include <gtest/gtest.h>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

TEST(BasicInlineMod, OneCellYamlWritesTheCompileTimeRow) {
  if (!TALLY_WITH_TORCH) GTEST_SKIP() << "built without LibTorch";
  std::string dir = make_temp_dir("inline");
  write_text(dir + "/one.yaml", R"(
defaults: {iterations: 2, counter: wall}
matrix: {backend: [trace]}
benchmarks:
  - name: libtorch_basic_InlineMod
    params: {n: 20, depth: 3}
)");
  CliResult r = run_tally({"run", dir + "/one.yaml", "--out", dir + "/out"});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  std::string csv = read_text(dir + "/out/results.csv");
  EXPECT_NE(
      csv.find("libtorch_basic_InlineMod_trace,compile_time_wall_time_ns,"),
      std::string::npos)
      << csv;
  EXPECT_NE(csv.find("libtorch_basic_InlineMod_trace,wall_time_ns,"),
            std::string::npos)
      << csv;
}

TEST(BasicInlineMod, ListShowsIt) {
  if (!TALLY_WITH_TORCH) GTEST_SKIP() << "built without LibTorch";
  CliResult r = run_tally({"list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("libtorch_basic_InlineMod"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace tally::test

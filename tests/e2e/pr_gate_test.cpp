// The LibTorch PR gate on real plugins: a subset of configs/libtorch-pr.yaml
// measured under callgrind must pass `tally check` against
// configs/libtorch_expected_results.csv,
// and the same numbers must fail it once an expectation is tightened.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

// Fast cells (under a minute of callgrind in all).
const char* kSubset =
    "^libtorch_(runtime_overhead(_requires_grad|_inference_mode)?_(eager|"
    "trace|script)|aotdispatcher_inference_(trace|script)|"
    "symint_sum_loop_script)$";

std::string expected_path() {
  return std::string(TALLY_SOURCE_DIR) +
         "/configs/libtorch_expected_results.csv";
}

// configs/libtorch_expected_results.csv with the first row of the subset
// tightened by 2 %; returns that row's name.
std::string tighten_first_subset_row(const std::string& out_path) {
  std::istringstream in(read_text(expected_path()));
  std::regex subset(kSubset);
  std::string line, out, tightened;
  while (std::getline(in, line)) {
    std::string name = line.substr(0, line.find(','));
    if (tightened.empty() && !line.empty() && line[0] != '#' &&
        std::regex_search(name, subset)) {
      std::vector<std::string> f;
      std::istringstream fields(line);
      for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
      line = f[0] + "," + f[1] + "," +
             std::to_string(static_cast<long long>(std::stod(f[2]) / 1.02)) +
             "," + f[3];
      tightened = name;
    }
    out += line + "\n";
  }
  write_text(out_path, out);
  return tightened;
}

TEST(PrGate, SubsetOfPrYamlPassesTheExpectedResults) {
  if (!TALLY_WITH_TORCH) GTEST_SKIP() << "built without LibTorch";
  std::string dir = make_temp_dir("gate");
  CliResult run = run_tally(
      {"run", std::string(TALLY_SOURCE_DIR) + "/configs/libtorch-pr.yaml",
       "--counter", "callgrind", "--filter", kSubset, "--out", dir + "/out"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // The expected rows come from a run of all of libtorch-pr.yaml: a cell's
  // count does not depend on which other cells run.
  CliResult pass = run_tally({"check", dir + "/out", "--expected",
                              expected_path(), "--filter", kSubset});
  EXPECT_EQ(pass.exit_code, 0) << pass.out << pass.err;
  EXPECT_NE(pass.out.find("check: 15 rows: 15 PASS"), std::string::npos)
      << pass.out;

  // A 2 % regression against these numbers fails the gate and names the row.
  const std::string tight = dir + "/tight.csv";
  const std::string row = tighten_first_subset_row(tight);
  ASSERT_FALSE(row.empty());
  CliResult fail = run_tally(
      {"check", dir + "/out", "--expected", tight, "--filter", kSubset});
  EXPECT_EQ(fail.exit_code, 5) << fail.out << fail.err;
  EXPECT_NE(fail.out.find("REGRESSION " + row), std::string::npos) << fail.out;
}

}  // namespace
}  // namespace tally::test

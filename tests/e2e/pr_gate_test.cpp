// The PR gate on real plugins: a subset of configs/pr.yaml measured under
// callgrind must pass `tally check` against configs/expected_results.csv,
// and the same numbers must fail it once an expectation is tightened.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

// Fast cells (a few minutes under callgrind in all); keep in step with the
// comment in configs/expected_results.csv.
const char* kSubset =
    "^(runtime_overhead(_requires_grad|_inference_mode)?_(eager|trace|script)|"
    "aotdispatcher_inference_(trace|script)|symint_sum_loop_script)$";

// The expected rows of the subset, with `scale` applied to the first one.
std::string subset_rows(double scale) {
  std::istringstream in(read_text(std::string(TALLY_SOURCE_DIR) +
                                  "/configs/expected_results.csv"));
  std::regex subset(kSubset);
  std::string line, out;
  bool first = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::string name = line.substr(0, line.find(','));
    if (!std::regex_search(name, subset)) continue;
    if (first && scale != 1.0) {
      std::vector<std::string> f;
      std::istringstream fields(line);
      for (std::string x; std::getline(fields, x, ',');) f.push_back(x);
      line = f[0] + "," + f[1] + "," +
             std::to_string(static_cast<long long>(std::stod(f[2]) * scale)) +
             "," + f[3];
    }
    first = false;
    out += line + "\n";
  }
  return out;
}

TEST(PrGate, SubsetOfPrYamlPassesTheExpectedResults) {
  if (!TALLY_WITH_TORCH) GTEST_SKIP() << "built without LibTorch";
  std::string dir = make_temp_dir("gate");
  CliResult run = run_tally(
      {"run", std::string(TALLY_SOURCE_DIR) + "/configs/pr.yaml", "--counter",
       "callgrind", "--filter", kSubset, "--out", dir + "/out"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  std::string rows = subset_rows(1.0);
  ASSERT_GE(std::count(rows.begin(), rows.end(), '\n'), 15) << rows;
  write_text(dir + "/expected.csv", rows);
  CliResult pass =
      run_tally({"check", dir + "/out", "--expected", dir + "/expected.csv"});
  EXPECT_EQ(pass.exit_code, 0) << pass.out << pass.err;
  EXPECT_NE(pass.out.find("0 REGRESSION, 0 MISSING"), std::string::npos)
      << pass.out;

  // A 2 % regression against these numbers fails the gate and names the row.
  write_text(dir + "/tight.csv", subset_rows(1.0 / 1.02));
  CliResult fail =
      run_tally({"check", dir + "/out", "--expected", dir + "/tight.csv"});
  EXPECT_EQ(fail.exit_code, 5) << fail.out << fail.err;
  std::string first_name = rows.substr(0, rows.find(','));
  EXPECT_NE(fail.out.find("REGRESSION"), std::string::npos) << fail.out;
  EXPECT_NE(fail.out.find(first_name), std::string::npos) << fail.out;
}

}  // namespace
}  // namespace tally::test

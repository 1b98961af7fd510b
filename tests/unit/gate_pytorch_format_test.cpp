// The shipped expected files (configs/expected_results.csv, torch.compile's,
// and configs/libtorch_expected_results.csv) as PyTorch's check_results.py
// reads them, the layout --update keeps, and `tally check --names pytorch`.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "analysis_test_support.hpp"
#include "cli/command_line.hpp"
#include "core/text.hpp"
#include "gate/check.hpp"
#include "gate/expected_file.hpp"
#include "gate/name_map.hpp"

namespace tally::gate {
namespace pytorch_format_test {

using analysis_test::ScratchDir;

std::vector<std::string> shipped_expected_files() {
  const std::string configs = std::string(TALLY_SOURCE_DIR) + "/configs/";
  return {configs + "expected_results.csv",
          configs + "libtorch_expected_results.csv"};
}

// The file less its `#` header (the environment it was measured on): what
// `grep -v '^#'` gives PyTorch's check_results.py.
std::string rows_of(const std::string& path) {
  std::string rows;
  for (const std::string& line :
       split_lines_keep_endings(analysis_test::slurp(path)))
    if (line.rfind('#', 0) != 0) rows += line;
  return rows;
}

// What Python's csv.reader yields for text without quotes or escapes: one
// row per line ("\n", "\r\n" or "\r"), fields split on every comma, an
// empty line an empty row.
std::vector<std::vector<std::string>> csv_reader_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    std::vector<std::string> row;
    if (!line.empty()) row = split_fields(line);
    rows.push_back(row);
    start = end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1);
  }
  return rows;
}

// Python's int(s): blanks around, an optional sign, decimal digits
// (underscores between digits aside, which tally never writes).
bool python_int(const std::string& s) {
  static const std::regex re("^\\s*[-+]?[0-9]+\\s*$");
  return std::regex_match(s, re);
}

// Python's float(s) for the decimal forms tally writes.
bool python_float(const std::string& s) {
  static const std::regex re(
      "^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$");
  return std::regex_match(s, re);
}

// check_results.py: for row in csv.reader(f): skip len(row) == 0, else
// name=row[0], metric=row[1], int(row[2]), float(row[3]) (an IndexError or
// ValueError otherwise).
void expect_check_results_reads(const std::string& text) {
  ASSERT_EQ(text.find('"'), std::string::npos) << "csv.reader would unquote";
  int read = 0;
  for (const auto& row : csv_reader_rows(text)) {
    if (row.empty()) continue;
    ASSERT_EQ(row.size(), 4u) << "row: " << row[0];
    EXPECT_TRUE(python_int(row[2])) << row[0] << " expected " << row[2];
    EXPECT_TRUE(python_float(row[3])) << row[0] << " margin " << row[3];
    ++read;
  }
  EXPECT_GT(read, 0);
}

// Rows separated by exactly three blank lines, the file ending in one row.
void expect_pytorch_spacing(const std::string& text) {
  const auto rows = csv_reader_rows(text);
  ASSERT_FALSE(rows.empty());
  EXPECT_FALSE(rows.front().empty());
  EXPECT_FALSE(rows.back().empty());
  int blanks = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].empty()) {
      ++blanks;
      continue;
    }
    EXPECT_EQ(blanks, 3) << "before " << rows[i][0];
    blanks = 0;
  }
}

TEST(PytorchFormat, ExpectedResultsRecordWhatTheyWereMeasuredOn) {
  for (const std::string& path : shipped_expected_files()) {
    SCOPED_TRACE(path);
    const ExpectedFile f = read_expected(path);
    std::map<std::string, std::string> env;
    for (const auto& e : f.environment) env[e.key] = e.value;
    for (const char* key : {"counter", "libtorch_version", "compiler", "libc",
                            "valgrind_version", "os_release"})
      EXPECT_FALSE(env[key].empty()) << key;
    EXPECT_EQ(env["counter"], "callgrind");
  }
}

TEST(PytorchFormat, ExpectedResultsReadByCheckResultsPy) {
  for (const std::string& path : shipped_expected_files()) {
    SCOPED_TRACE(path);
    expect_check_results_reads(rows_of(path));
  }
}

TEST(PytorchFormat, ExpectedResultsSpacedAsPyTorchSpacesRows) {
  for (const std::string& path : shipped_expected_files()) {
    SCOPED_TRACE(path);
    expect_pytorch_spacing(rows_of(path));
  }
}

TEST(PytorchFormat, ExpectedResultsReadByPythonCsvReader) {
  if (std::system("python3 -c '' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "no python3";
  // check_results.py's own loop over Python's csv.reader.
  const std::string command =
      "python3 -c 'import csv,sys\n"
      "n = 0\n"
      "for row in csv.reader(open(sys.argv[1])):\n"
      "    if len(row) == 0: continue\n"
      "    name, metric, value, margin = row[0].strip(), row[1].strip(), "
      "int(row[2]), float(row[3])\n"
      "    assert len(row) == 4, row\n"
      "    n += 1\n"
      "assert n > 0' /dev/stdin < <(grep -v \"^#\" ";
  for (const std::string& path : shipped_expected_files())
    EXPECT_EQ(
        std::system(("bash -c " + shell_quote(command + path + ")")).c_str()),
        0)
        << path;
}

TEST(PytorchFormat, UpdateKeepsTheLayout) {
  ScratchDir dir;
  const ExpectedFile expected =
      read_expected(dir.write("e.csv",
                              "a_trace,instruction_count,1000000,0.005\n\n\n\n"
                              "b_trace,instruction_count,2000000,0.005\n"));
  Results results;
  results.add({"a_trace", "instruction_count", 1100000, "r:1"});
  results.add({"b_trace", "instruction_count", 2000000, "r:2"});
  results.add({"c_trace", "instruction_count", 3000000, "r:3"});
  const CheckReport report = check(results, expected, {});
  const std::string text =
      updated_expected_text(expected, report, std::string("0.005"));
  EXPECT_EQ(text,
            "a_trace,instruction_count,1100000,0.005\n\n\n\n"
            "b_trace,instruction_count,2000000,0.005\n\n\n\n"
            "c_trace,instruction_count,3000000,0.005\n");
  expect_check_results_reads(text);
  expect_pytorch_spacing(text);
}

TEST(PytorchFormat, AppendStartsAnEmptyFileWithoutBlankLines) {
  EXPECT_EQ(append_expected_row("", "a,m,1,0.1"), "a,m,1,0.1\n");
  EXPECT_EQ(append_expected_row("a,m,1,0.1\n\n", "b,m,2,0.1"),
            "a,m,1,0.1\n\n\n\nb,m,2,0.1\n");
}

TEST(PytorchFormat, CommentsAndSkipRowsStillReadForTallysOwnFiles) {
  ScratchDir dir;
  const ExpectedFile file = read_expected(
      dir.write("e.csv",
                "# mine\na_trace,instruction_count,1000000,0.005\n\n\n\n"
                "skip,b_*\n"));
  EXPECT_EQ(file.rows.size(), 1u);
  EXPECT_EQ(file.skips.size(), 1u);
}

// The LibTorch plugins' rows (libtorch_*) measure TorchScript, not what
// PyTorch's Dynamo rows measure, and the Python ports already carry PyTorch's
// names: the shipped map reads, maps each listed row to itself, and lists no
// LibTorch row.
TEST(PytorchNames, MapShippedWithTallyReadsAndMapsNoLibTorchRow) {
  const NameMap map = read_name_map(std::string(TALLY_SOURCE_DIR) +
                                    "/configs/pytorch_names.csv");
  const ExpectedFile expected = read_expected(shipped_expected_files().back());
  int libtorch_rows = 0;
  for (const auto& row : expected.rows) {
    if (row.name.rfind("libtorch_", 0) != 0) continue;
    ++libtorch_rows;
    EXPECT_EQ(map.names.count(row.name), 0u) << row.name;
  }
  EXPECT_GT(libtorch_rows, 0);
  EXPECT_GT(map.names.size(), 30u);
  for (const auto& [from, to] : map.names) {
    EXPECT_NE(from.rfind("libtorch_", 0), 0u) << from << " -> " << to;
    EXPECT_EQ(from, to);
  }
}

TEST(PytorchNames, MapRefusesANameMappedTwice) {
  ScratchDir dir;
  const auto error = analysis_test::error_of(
      [&] { read_name_map(dir.write("m.csv", "a,x\n# c\nb,x\n")); });
  EXPECT_EQ(error.second, ExitCode::kBadInput);
  EXPECT_NE(error.first.find("m.csv:3: x is already the name of line 1"),
            std::string::npos)
      << error.first;
  EXPECT_EQ(analysis_test::error_of([&] {
              read_name_map(dir.write("n.csv", "a,x,y\n"));
            }).second,
            ExitCode::kBadInput);
}

TEST(PytorchNames, CheckReadsAndWritesTheNamesOfAMap) {
  ScratchDir dir;
  const std::string map = dir.write("map.csv",
                                    "# tally_name,other_name\n"
                                    "sum_jit,symint_sum\n"
                                    "args_jit,float_args\n");
  const std::string results =
      dir.write("results.csv",
                "sum_jit,compile_time_instruction_count,1000000\n"
                "args_jit,compile_time_instruction_count,2000000\n"
                "args_script,compile_time_instruction_count,5\n");
  const std::string expected =
      dir.write("expected.csv",
                "symint_sum,compile_time_instruction_count,"
                "1000000,0.015\n");
  const std::string update = dir.file("new.csv");
  const analysis_test::Run run = analysis_test::run_tally(
      "check " + results + " --expected " + expected + " --names " + map +
      " --update " + update + " --add-untested 0.015");
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("1 result name(s) without a counterpart left out"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("check: 2 rows: 1 PASS, 0 WIN, 0 REGRESSION, 0 "
                            "MISSING, 1 UNTESTED"),
            std::string::npos)
      << run.output;
  EXPECT_EQ(analysis_test::slurp(update),
            "symint_sum,compile_time_instruction_count,1000000,0.015\n\n\n\n"
            "float_args,compile_time_instruction_count,2000000,0.015\n");
}

// A LibTorch row is never read as PyTorch's row of the same workload.
TEST(PytorchNames, PytorchNamesLeaveLibTorchRowsOut) {
  ScratchDir dir;
  const std::string results =
      dir.write("results.csv",
                "libtorch_symint_sum_jit,compile_time_instruction_count,"
                "1000000\n"
                "libtorch_float_args_trace,compile_time_instruction_count,"
                "2000000\n");
  const std::string expected =
      dir.write("expected.csv",
                "symint_sum,compile_time_instruction_count,"
                "1000000,0.015\n");
  const analysis_test::Run run = analysis_test::run_tally(
      "check " + results + " --expected " + expected + " --names pytorch");
  EXPECT_EQ(run.exit_code, 6) << run.output;
  EXPECT_NE(run.output.find("2 result name(s) without a counterpart left out"),
            std::string::npos)
      << run.output;
  EXPECT_NE(run.output.find("check: 1 rows: 0 PASS, 0 WIN, 0 REGRESSION, 1 "
                            "MISSING, 0 UNTESTED"),
            std::string::npos)
      << run.output;
}

}  // namespace pytorch_format_test
}  // namespace tally::gate

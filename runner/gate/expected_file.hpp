// The expected-results file of `tally check` (configs/expected_results.csv):
// PyTorch's check_results.py format, plus comments and a skip list for files
// of tally's own.
//
//   # a comment: a whole line starting with '#'; blank lines are ignored
//   # environment libtorch_version: 2.13.0   what it was measured on
//   name,metric,expected,noise_margin
//   add_loop_eager,compile_time_instruction_count,3378000000,0.005
//   skip,NAME_GLOB[,METRIC_GLOB[,reason]]
//   skip,mm_loop_*,compile_time_instruction_count,flaky until #123 is fixed
//
// noise_margin is a fraction (0.005 = ±0.5 %). A `skip` row exempts every
// expected row and result whose name (and metric; default all metrics)
// matches its shell-style globs: such rows are reported as SKIP and neither
// pass nor fail. No benchmark result is named "skip", so the two row kinds
// cannot be confused.
//
// PyTorch's check_results.py reads the file with csv.reader, skips empty
// rows only and takes every other row as name,metric,int,float, so a file
// it shares holds only those rows. PyTorch separates them with three blank
// lines, so that two pull requests changing neighbouring rows do not
// conflict; rows --update appends are written the same way. tally's own
// configs/expected_results.csv opens with its `# environment` header:
// `grep -v '^#'` gives the file check_results.py reads.
#ifndef TALLY_GATE_EXPECTED_FILE_HPP
#define TALLY_GATE_EXPECTED_FILE_HPP

#include <string>
#include <vector>

namespace tally::gate {

struct ExpectedRow {
  std::string name;
  std::string metric;
  double expected = 0;  // > 0
  double margin = 0;    // fraction, 0 <= margin < 1
  int line = 0;         // 1-based line in the file
};

struct SkipRule {
  std::string name_glob;
  std::string metric_glob = "*";
  std::string reason;
  std::string where;  // "FILE:LINE" or "--skip"

  bool matches(const std::string& name, const std::string& metric) const;
};

/// One `# environment KEY: VALUE` header line: what the file was measured
/// on (results.json metadata keys), written by --update.
struct ExpectedEnvironment {
  std::string key, value;
  int line = 0;
};

/// The metadata keys --update records in the header: what counts depend on
/// besides the source.
const std::vector<std::string>& expected_environment_keys();

struct ExpectedFile {
  std::string path;
  std::vector<ExpectedEnvironment> environment;
  /// Every line with its ending, so --update rewrites only what moved.
  std::vector<std::string> lines;
  std::vector<ExpectedRow> rows;  // file order; (name, metric) is unique
  std::vector<SkipRule> skips;
};

/// Throws tally::Error: kIoError when unreadable; kBadInput naming FILE:LINE
/// for a malformed row, and both lines for a duplicate (name, metric).
ExpectedFile read_expected(const std::string& path);

/// A `--skip NAME_GLOB[,METRIC_GLOB]` flag; throws kUsage when empty.
SkipRule parse_skip_flag(const std::string& text);

/// The file's text with the expected value of the rows at the given
/// 1-based lines replaced (blanks, margin and line ending kept); every
/// other line is kept byte for byte.
std::string rewrite_expected(
    const ExpectedFile& file,
    const std::vector<std::pair<int, std::string>>& new_values);

/// `text` (a whole expected file) with `row` (one line, no ending) appended
/// as PyTorch writes its rows: three blank lines before it, none before the
/// first row of an empty file.
std::string append_expected_row(std::string text, const std::string& row);

/// `text` (a whole expected file) with its `# environment` header replaced
/// by `values` (key, value), placed at the top; every other line is kept.
std::string with_environment_header(
    const std::string& text,
    const std::vector<std::pair<std::string, std::string>>& values);

/// Replaces the file at `path` with `text` through a temporary file and a
/// rename, so an interrupted --update leaves the old file or the new one,
/// never a part. A symlink is followed and the file's permissions are kept,
/// as when it was rewritten in place. Throws tally::Error(kIoError).
void write_expected(const std::string& path, const std::string& text);

}  // namespace tally::gate

#endif  // TALLY_GATE_EXPECTED_FILE_HPP

#include "gate/expected_file.hpp"

#include <fnmatch.h>

#include <filesystem>
#include <map>
#include <optional>
#include <utility>

#include "core/error.hpp"
#include "core/text.hpp"
#include "results/output_files.hpp"

namespace tally::gate {

namespace {

constexpr const char* kSkipKeyword = "skip";

Error bad(const std::string& path, int line, const std::string& message) {
  return Error(path + ":" + std::to_string(line) + ": " + message,
               ExitCode::kBadInput);
}

bool glob_match(const std::string& glob, const std::string& text) {
  return fnmatch(glob.c_str(), text.c_str(), 0) == 0;
}

SkipRule parse_skip_row(const std::vector<std::string>& fields,
                        const std::string& path, int line) {
  if (fields.size() < 2 || trim(fields[1]).empty()) {
    throw bad(
        path, line,
        "skip row needs a name glob: skip,NAME_GLOB[,METRIC_GLOB[,reason]]");
  }
  SkipRule rule;
  rule.name_glob = trim(fields[1]);
  if (fields.size() > 2 && !trim(fields[2]).empty()) {
    rule.metric_glob = trim(fields[2]);
  }
  // The reason is free text and may itself contain commas.
  for (std::size_t i = 3; i < fields.size(); ++i) {
    rule.reason += (i > 3 ? "," : "") + fields[i];
  }
  rule.reason = trim(rule.reason);
  rule.where = path + ":" + std::to_string(line);
  return rule;
}

}  // namespace

bool SkipRule::matches(const std::string& name,
                       const std::string& metric) const {
  return glob_match(name_glob, name) && glob_match(metric_glob, metric);
}

constexpr char kEnvironmentPrefix[] = "# environment ";

const std::vector<std::string>& expected_environment_keys() {
  static const std::vector<std::string> keys = {
      "counter",           "libtorch_version",
      "libtorch_git_hash", "aten_cpu_capability",
      "compiler",          "libc",
      "valgrind_version",  "os_release"};
  return keys;
}

namespace {

// `# environment KEY: VALUE`, or nullopt for any other line.
std::optional<ExpectedEnvironment> parse_environment_line(
    const std::string& line, int line_no) {
  if (line.rfind(kEnvironmentPrefix, 0) != 0) return std::nullopt;
  const std::string rest = line.substr(sizeof(kEnvironmentPrefix) - 1);
  const auto colon = rest.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return ExpectedEnvironment{trim(rest.substr(0, colon)),
                             trim(rest.substr(colon + 1)), line_no};
}

}  // namespace

ExpectedFile read_expected(const std::string& path) {
  ExpectedFile file;
  file.path = path;
  file.lines = split_lines_keep_endings(read_file(path));
  std::map<std::pair<std::string, std::string>, int> seen;
  for (std::size_t i = 0; i < file.lines.size(); ++i) {
    const int line_no = static_cast<int>(i + 1);
    const std::string line = trim(strip_ending(file.lines[i]));
    if (auto env = parse_environment_line(line, line_no))
      file.environment.push_back(*env);
    if (line.empty() || line[0] == '#') continue;
    const auto fields = split_fields(line);
    if (trim(fields[0]) == kSkipKeyword) {
      file.skips.push_back(parse_skip_row(fields, path, line_no));
      continue;
    }
    if (fields.size() != 4) {
      throw bad(path, line_no,
                "expected 4 fields name,metric,expected,noise_margin (or a "
                "skip row), found " +
                    std::to_string(fields.size()));
    }
    ExpectedRow row{trim(fields[0]), trim(fields[1]), 0, 0, line_no};
    if (row.name.empty() || row.metric.empty()) {
      throw bad(path, line_no, "empty name or metric");
    }
    const auto expected = parse_number(fields[2]);
    if (!expected || *expected <= 0) {
      throw bad(
          path, line_no,
          "expected value '" + trim(fields[2]) + "' is not a positive number");
    }
    const auto margin = parse_number(fields[3]);
    if (!margin || *margin < 0 || *margin >= 1) {
      throw bad(path, line_no,
                "noise_margin '" + trim(fields[3]) +
                    "' is not a fraction in [0, 1) (0.01 = 1%)");
    }
    row.expected = *expected;
    row.margin = *margin;
    auto [it, inserted] =
        seen.emplace(std::make_pair(row.name, row.metric), line_no);
    if (!inserted) {
      throw bad(path, line_no,
                "duplicate expected row " + row.name + "," + row.metric +
                    " (first at line " + std::to_string(it->second) + ")");
    }
    file.rows.push_back(std::move(row));
  }
  return file;
}

SkipRule parse_skip_flag(const std::string& text) {
  const auto fields = split_fields(text);
  if (trim(fields[0]).empty() || fields.size() > 2) {
    throw Error("--skip wants NAME_GLOB[,METRIC_GLOB], got '" + text + "'",
                ExitCode::kUsage);
  }
  SkipRule rule;
  rule.name_glob = trim(fields[0]);
  if (fields.size() == 2 && !trim(fields[1]).empty()) {
    rule.metric_glob = trim(fields[1]);
  }
  rule.where = "--skip " + text;
  return rule;
}

std::string rewrite_expected(
    const ExpectedFile& file,
    const std::vector<std::pair<int, std::string>>& new_values) {
  std::map<int, std::string> by_line(new_values.begin(), new_values.end());
  std::string out;
  for (std::size_t i = 0; i < file.lines.size(); ++i) {
    const std::string& raw = file.lines[i];
    auto it = by_line.find(static_cast<int>(i + 1));
    if (it == by_line.end()) {
      out += raw;
      continue;
    }
    const std::string body = strip_ending(raw);
    auto fields = split_fields(body);
    const std::string& old = fields[2];
    const std::size_t b = old.find_first_not_of(" \t");
    const std::size_t e = old.find_last_not_of(" \t");
    fields[2] = old.substr(0, b) + it->second + old.substr(e + 1);
    std::string rebuilt;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      rebuilt += (f > 0 ? "," : "") + fields[f];
    }
    out += rebuilt + raw.substr(body.size());
  }
  return out;
}

std::string append_expected_row(std::string text, const std::string& row) {
  // Blank lines already at the end are replaced by exactly three.
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  if (last == std::string::npos) return row + "\n";
  text.erase(last + 1);
  return text + "\n\n\n\n" + row + "\n";
}

std::string with_environment_header(
    const std::string& text,
    const std::vector<std::pair<std::string, std::string>>& values) {
  std::string header;
  for (const auto& [key, value] : values)
    header += kEnvironmentPrefix + key + ": " + value + "\n";
  std::string rest;
  for (const std::string& raw : split_lines_keep_endings(text))
    if (trim(strip_ending(raw)).rfind(kEnvironmentPrefix, 0) != 0) rest += raw;
  return header + rest;
}

void write_expected(const std::string& path, const std::string& text) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // The rename would replace a symlink itself rather than what it names.
  fs::path target = path;
  if (fs::is_symlink(target, ec)) {
    const fs::path resolved = fs::canonical(target, ec);
    if (!ec) target = resolved;
  }
  const fs::file_status old = fs::status(target, ec);
  write_file_atomically(target.string(), text);
  if (fs::exists(old)) fs::permissions(target, old.permissions(), ec);
}

}  // namespace tally::gate

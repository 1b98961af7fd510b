#include "core/text.hpp"

#include <boost/filesystem.hpp>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace tally {

std::string read_file(const std::string& path) {
  // A folder opens as a stream that reads as empty: that would make an
  // expected file of no rows and a gate that passes everything.
  if (boost::filesystem::is_directory(path))
    throw Error(path + ": is a folder, not a file", ExitCode::kIoError);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(path + ": cannot read file", ExitCode::kIoError);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error(path + ": read error", ExitCode::kIoError);
  return text.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error(path + ": cannot write file", ExitCode::kIoError);
  out << text;
  out.close();
  if (!out) throw Error(path + ": write error", ExitCode::kIoError);
}

std::vector<std::string> split_lines_keep_endings(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size() - 1;
    lines.push_back(text.substr(start, end - start + 1));
    start = end + 1;
  }
  return lines;
}

std::string strip_ending(const std::string& line) {
  std::size_t n = line.size();
  if (n > 0 && line[n - 1] == '\n') --n;
  if (n > 0 && line[n - 1] == '\r') --n;
  return line.substr(0, n);
}

std::string trim(const std::string& s) {
  const char* blanks = " \t\r\n";
  std::size_t b = s.find_first_not_of(blanks);
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(blanks);
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (;;) {
    std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

std::optional<double> parse_number(const std::string& text) {
  const std::string t = trim(text);
  if (t.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || errno == ERANGE || !std::isfinite(v))
    return std::nullopt;
  return v;
}

namespace {

bool is_integral(double v) { return std::fabs(v) < 1e18 && v == std::floor(v); }

}  // namespace

std::string format_value(double v) {
  char buf[64];
  if (is_integral(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", v);
  }
  return buf;
}

std::string join(const std::vector<std::string>& items,
                 const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i ? separator : "") + items[i];
  return out;
}

std::string one_of(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

std::string group_thousands(const std::string& integer) {
  const std::size_t digits_start = !integer.empty() && integer[0] == '-';
  std::string s = integer;
  for (std::size_t i = s.size(); i > digits_start + 3; i -= 3)
    s.insert(i - 3, ",");
  return s;
}

std::string format_value_grouped(double v) {
  const std::string s = format_value(v);
  return is_integral(v) ? group_thousands(s) : s;
}

std::string round_significant(double v, int digits) {
  if (v == 0) return "0";
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  const double scale = std::pow(10.0, magnitude + 1 - digits);
  const double rounded = std::round(v / scale) * scale;
  if (magnitude + 1 >= digits) return format_value(std::round(rounded));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits - 1 - magnitude, rounded);
  std::string s = buf;
  // "0.1230" -> "0.123": trailing zeros add digits nobody measured.
  if (s.find('.') != std::string::npos) {
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::string format_pct(double pct) {
  if (std::isinf(pct)) return pct > 0 ? "+inf%" : "-inf%";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%+.2f%%", pct);
  return buf;
}

}  // namespace tally

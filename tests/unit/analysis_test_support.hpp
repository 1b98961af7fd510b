// Helpers for the tests of check, compare, history and the results reader:
// fixture paths, a scratch folder, and running the real `tally` binary.
#ifndef TALLY_TESTS_ANALYSIS_TEST_SUPPORT_HPP
#define TALLY_TESTS_ANALYSIS_TEST_SUPPORT_HPP

#include <sys/wait.h>

#include <array>
#include <boost/filesystem.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "core/error.hpp"

namespace tally::analysis_test {

inline std::string fixture(const std::string& name) {
  return std::string(TALLY_TEST_DATA_DIR) + "/aggregate/" + name;
}

/// A fresh folder removed when the test ends.
class ScratchDir {
 public:
  ScratchDir()
      : path_(boost::filesystem::temp_directory_path() /
              boost::filesystem::unique_path("tally-agg-%%%%-%%%%-%%%%")) {
    boost::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    boost::system::error_code ec;
    boost::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const {
    return (path_ / name).string();
  }
  std::string write(const std::string& name, const std::string& text) const {
    const std::string p = file(name);
    boost::filesystem::create_directories(
        boost::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }

 private:
  boost::filesystem::path path_;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The message and code of the tally::Error that `f` throws; an empty
/// message and kOk when it throws none.
template <typename F>
std::pair<std::string, ExitCode> error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return {e.what(), e.code()};
  }
  return {"", ExitCode::kOk};
}

struct Run {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

/// Runs `tally ARGS` (ARGS already shell-quoted where needed).
inline Run run_tally(const std::string& args) {
  const std::string command = std::string(TALLY_BINARY) + " " + args + " 2>&1";
  Run run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) {
    run.output.append(buf.data(), n);
  }
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace tally::analysis_test

#endif  // TALLY_TESTS_ANALYSIS_TEST_SUPPORT_HPP

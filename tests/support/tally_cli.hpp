// Runs the real tally binary for end-to-end tests and captures what a user
// would see.
#ifndef TALLY_TESTS_SUPPORT_TALLY_CLI_HPP
#define TALLY_TESTS_SUPPORT_TALLY_CLI_HPP

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tally::test {

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

/// A fresh folder under the test's temp dir, removed by the next run.
inline std::string make_temp_dir(const std::string& name) {
  std::string dir = std::string(::testing::TempDir()) + "tally-" + name + "-" +
                    std::to_string(::getpid());
  std::system(("rm -rf " + quote(dir) + " && mkdir -p " + quote(dir)).c_str());
  return dir;
}

/// Runs `tally ARGS...` with `env` prefixed (NAME=VALUE ...).
inline CliResult run_tally(const std::vector<std::string>& args,
                           const std::string& env = "") {
  std::string dir = make_temp_dir("cli");
  std::string command = env + " " + quote(TALLY_BINARY);
  for (const auto& a : args) command += " " + quote(a);
  command += " >" + quote(dir + "/out") + " 2>" + quote(dir + "/err");
  int raw = std::system(command.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_text(dir + "/out");
  r.err = read_text(dir + "/err");
  return r;
}

inline std::string loadable_plugins() {
  return std::string(TALLY_TEST_PLUGIN_DIR) + "/loadable";
}
inline std::string broken_plugins() {
  return std::string(TALLY_TEST_PLUGIN_DIR) + "/broken";
}

}  // namespace tally::test

#endif  // TALLY_TESTS_SUPPORT_TALLY_CLI_HPP

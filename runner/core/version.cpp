#include "core/version.hpp"

#include <boost/filesystem.hpp>
#include <cstdio>
#include <fstream>
#include <memory>

#include "core/paths.hpp"

namespace tally {

std::string tally_version() { return TALLY_VERSION; }

std::string libtorch_version() {
  std::string v = TALLY_TORCH_VERSION;
  return v.empty() ? "none" : v;
}

namespace {

// The build tree's tally-source-dir names the source folder; an installed
// tally has none.
std::string source_dir() {
  const auto file = boost::filesystem::path(self_executable()).parent_path() /
                    "tally-source-dir";
  std::ifstream in(file.string());
  std::string dir;
  std::getline(in, dir);
  return dir.find('\'') == std::string::npos ? dir : "";
}

}  // namespace

std::string git_commit() {
  // The commit of the source tree this binary was built from, read now so a
  // rebuild is not needed after every commit.
  const std::string dir = source_dir();
  if (dir.empty()) return "";
  const std::string command = "git -C '" + dir + "' rev-parse HEAD 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"),
                                             ::pclose);
  if (!pipe) return "";
  char buffer[64] = {};
  if (!std::fgets(buffer, sizeof(buffer), pipe.get())) return "";
  std::string commit = buffer;
  while (!commit.empty() && (commit.back() == '\n')) commit.pop_back();
  return commit;
}

}  // namespace tally

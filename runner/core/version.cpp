#include "core/version.hpp"

#include <cstdio>
#include <memory>

namespace tally {

std::string tally_version() { return TALLY_VERSION; }

std::string libtorch_version() {
  std::string v = TALLY_TORCH_VERSION;
  return v.empty() ? "none" : v;
}

std::string git_commit() {
  // The commit of the source tree this binary was built from, read now so a
  // rebuild is not needed after every commit.
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(
      ::popen("git -C '" TALLY_SOURCE_DIR "' rev-parse HEAD 2>/dev/null", "r"),
      ::pclose);
  if (!pipe) return "";
  char buffer[64] = {};
  if (!std::fgets(buffer, sizeof(buffer), pipe.get())) return "";
  std::string commit = buffer;
  while (!commit.empty() && (commit.back() == '\n')) commit.pop_back();
  return commit;
}

}  // namespace tally

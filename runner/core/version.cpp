#include "core/version.hpp"

#include <cstring>

namespace tally {

std::string tally_version() { return TALLY_VERSION; }

std::string libtorch_version() {
  std::string v = TALLY_TORCH_VERSION;
  return v.empty() ? "none" : v;
}

std::string libtorch_git_hash() {
  const std::string hash = TALLY_TORCH_GIT_HASH;
  return hash == "unknown" ? "" : hash;
}

std::string git_commit() {
  const std::string commit = build_stamp::kGitCommit;
  return commit == "unknown" ? "" : commit;
}

std::optional<bool> git_dirty() {
  if (std::strcmp(build_stamp::kGitState, "dirty") == 0) return true;
  if (std::strcmp(build_stamp::kGitState, "clean") == 0) return false;
  return std::nullopt;
}

}  // namespace tally

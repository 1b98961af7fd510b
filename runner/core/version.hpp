// Build facts recorded at configure and build time.
#ifndef TALLY_CORE_VERSION_HPP
#define TALLY_CORE_VERSION_HPP

#include <cstddef>
#include <optional>
#include <string>

#include "tally/plugin.hpp"

namespace tally {

std::string tally_version();
/// The LibTorch the bundled plugins were built against, or "none".
std::string libtorch_version();
/// The git commit that LibTorch was built from, or "" when unknown or none.
std::string libtorch_git_hash();
/// The git commit this binary was built from, or "" when it was not built
/// from a git checkout.
std::string git_commit();
/// Whether tracked files differed from that commit at build time; nullopt
/// when unknown.
std::optional<bool> git_dirty();

namespace build_stamp {
// Written at every build by runner/core/stamp_git_commit.cmake. Fixed
// sizes, so a new commit changes bytes of the binary but never its size:
// the binary's size moves the workers' heap, and with it the counts.
inline constexpr std::size_t kGitCommitSize = 65;  // SHA-256 hex + NUL
inline constexpr std::size_t kGitStateSize = 8;
/// 40 (or 64) hex digits, or "unknown".
extern const char kGitCommit[kGitCommitSize];
/// "clean", "dirty" or "unknown".
extern const char kGitState[kGitStateSize];
}  // namespace build_stamp

}  // namespace tally

#endif  // TALLY_CORE_VERSION_HPP

// Build facts recorded at configure time.
#ifndef TALLY_CORE_VERSION_HPP
#define TALLY_CORE_VERSION_HPP

#include <string>

#include "tally/plugin.hpp"

namespace tally {

std::string tally_version();
/// The LibTorch the bundled plugins were built against, or "none".
std::string libtorch_version();
/// The git commit of the tally checkout, if known.
std::string git_commit();

}  // namespace tally

#endif  // TALLY_CORE_VERSION_HPP

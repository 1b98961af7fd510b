// `tally version`: tally, SDK ABI and LibTorch versions.
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "core/version.hpp"
#include "worker/plugin_loader.hpp"

namespace tally {

int version_command(const Args&) {
  const std::string torch = libtorch_version();
  const std::string hash = libtorch_git_hash();
  std::cout << "tally " << tally_version() << "\n"
            << "plugin SDK ABI version " << kAbiVersion << " ("
            << describe_abi(kAbiTag) << ")\n"
            << "LibTorch " << torch
            << (hash.empty() ? "" : " (git " + hash + ")")
            << (torch == "none"
                    ? " (built without LibTorch plugins)\n"
                    : " (the bundled plugins were built against it)\n");
  return 0;
}

}  // namespace tally

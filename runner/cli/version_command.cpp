// `tally version`: tally, SDK ABI and LibTorch versions.
#include <iostream>

#include "cli/commands.hpp"
#include "core/version.hpp"

namespace tally {

int version_command(const Args&) {
  std::cout << "tally " << tally_version() << "\n"
            << "plugin SDK ABI version " << kAbiVersion << "\n"
            << "LibTorch " << libtorch_version()
            << " (the bundled plugins were built against it)\n";
  return 0;
}

}  // namespace tally

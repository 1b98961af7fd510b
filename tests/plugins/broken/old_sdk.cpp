// Exports what a plugin built against SDK version 1 exported: its version as
// the variable tally_abi_version (next to a Boost.DLL alias, left out here).
#include <cstdint>

extern "C" __attribute__((visibility("default")))
const std::uint32_t tally_abi_version = 1;

// Loads a plugin .so inside a worker and checks it against the SDK contract.
// Libraries are never unloaded: objects and exceptions made by a plugin may
// outlive any point at which unloading would be safe.
#ifndef TALLY_WORKER_PLUGIN_LOADER_HPP
#define TALLY_WORKER_PLUGIN_LOADER_HPP

#include <stdexcept>
#include <string>

#include "tally/plugin.hpp"

namespace tally {

/// Why a file is not a usable plugin, in one line.
class PluginLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Loads `path` (one dlopen), checks its descriptor's ABI version and tag,
/// calls its factory and validates what it returns; throws PluginLoadError.
/// A Python benchmark file (is_python_benchmark) is loaded through
/// `python_plugin` (python.so), which reads the file named by
/// $TALLY_PYTHON_BENCHMARK while its factory runs.
Plugin load_plugin(const std::string& path,
                   const std::string& python_plugin = "");

/// True for a path ending in .py: a benchmark file for python.so.
bool is_python_benchmark(const std::string& path);

/// Why a plugin built with ABI tag `got` cannot run in a host built with
/// `supported`, in one line naming both; empty when it can.
std::string abi_mismatch(const AbiTag& got, const AbiTag& supported);

/// "libstdc++ with _GLIBCXX_USE_CXX11_ABI=1 (release 12), built by gcc 12".
std::string describe_abi(const AbiTag& tag);

/// One line describing the exception in flight (type and message); call
/// only inside a catch block.
std::string describe_current_exception();

}  // namespace tally

#endif  // TALLY_WORKER_PLUGIN_LOADER_HPP

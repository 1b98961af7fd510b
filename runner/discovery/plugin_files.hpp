// Finds the *.so files in plugin folders and rejects, without loading them,
// files that cannot be a plugin for this host (empty, not ELF, 32-bit, …).
#ifndef TALLY_DISCOVERY_PLUGIN_FILES_HPP
#define TALLY_DISCOVERY_PLUGIN_FILES_HPP

#include <optional>
#include <string>
#include <vector>

#include "core/python_files.hpp"
#include "discovery/catalog.hpp"

namespace tally {

/// The plugin folders to search: `cli_dirs` (--plugins, in order), then
/// $TALLY_PLUGIN_PATH (colon-separated), then the built-in folders unless
/// `with_defaults` is false. A named folder that does not exist is an error.
std::vector<std::string> plugin_search_path(
    const std::vector<std::string>& cli_dirs, bool with_defaults);

struct PluginFileScan {
  std::vector<std::string> candidates;  // worth probing, sorted per folder
  std::vector<BadPluginFile> bad;
};

/// The file name of the plugin that runs Python benchmark files. It has no
/// benchmarks of its own, so the folder scan leaves it out.
inline constexpr char kPythonPlugin[] = "python.so";

/// python.so, which runs the Python benchmark files: the first in
/// `folders`, else in the built-in plugin folders; nothing when tally was
/// built without it.
std::optional<std::string> find_python_plugin(
    const std::vector<std::string>& folders);

/// Lists the *.so (but python.so) and Python benchmark files of `folders`. A
/// plugin is arbitrary code, so unless `allow_insecure`, a folder or file that
/// users other than its owner could write is refused (see
/// insecure_plugin_path).
PluginFileScan scan_plugin_folders(const std::vector<std::string>& folders,
                                   bool allow_insecure = false);

/// Why `path` (a plugin folder or file, symlinks followed) is not safe to
/// load code from: group- or world-writable, or owned by a user other than
/// root and the current one. Nothing when it is safe.
std::optional<std::string> insecure_plugin_path(const std::string& path);

/// Why `path` cannot be a shared object for this host, or nothing.
std::optional<std::string> precheck_plugin_file(const std::string& path);

}  // namespace tally

#endif  // TALLY_DISCOVERY_PLUGIN_FILES_HPP

// Where tally finds itself, its plugins and its configs.
#ifndef TALLY_CORE_PATHS_HPP
#define TALLY_CORE_PATHS_HPP

#include <string>
#include <vector>

namespace tally {

/// Absolute path of the running tally binary.
std::string self_executable();

/// The built-in plugin folders that exist: <bin>/plugins (build tree) and
/// <bin>/../lib/tally/plugins (install prefix).
std::vector<std::string> default_plugin_dirs();

/// configs/default.yaml beside the binary (build tree or install prefix).
std::string default_config_path();

/// `path` naming the same file, padded with extra '/' before its last
/// component to a multiple of 512 bytes. A worker's heap and stack layout
/// follow the lengths of the paths it is given, and with them the counts of
/// small cells (by up to 2.5 %); fixed lengths keep counts the same whatever
/// folder tally is built or run in.
std::string fixed_length_path(const std::string& path);

}  // namespace tally

#endif  // TALLY_CORE_PATHS_HPP

// Where tally finds itself, its worker, its plugins and its configs.
#ifndef TALLY_CORE_PATHS_HPP
#define TALLY_CORE_PATHS_HPP

#include <string>
#include <vector>

namespace tally {

/// Absolute path of the running tally binary.
std::string self_executable();

/// The measuring worker binary: <bin>/tally-worker (build tree) or
/// <bin>/../libexec/tally/tally-worker (install prefix); throws
/// tally::Error(kIoError) naming both when neither exists.
std::string worker_executable();

/// The built-in plugin folders that exist: <bin>/plugins (build tree) and
/// <bin>/../lib/tally/plugins (install prefix).
std::vector<std::string> default_plugin_dirs();

/// configs/default.yaml beside the binary (build tree or install prefix).
std::string default_config_path();

/// configs/FILE beside the binary (build tree or install prefix); throws
/// tally::Error(kIoError) naming both places when neither has it.
std::string shipped_config_path(const std::string& file);

}  // namespace tally

#endif  // TALLY_CORE_PATHS_HPP

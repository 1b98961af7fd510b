// The plugin-folder options every subcommand that loads plugins accepts.
#ifndef TALLY_CLI_PLUGIN_OPTIONS_HPP
#define TALLY_CLI_PLUGIN_OPTIONS_HPP

#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tally {

struct PluginOptions {
  std::vector<std::string> dirs;
  bool no_default_plugins = false;
  bool allow_insecure = false;
  std::optional<double> probe_timeout_s;  // unset: $TALLY_PROBE_TIMEOUT or 60

  /// Adds --plugins DIR (repeatable), --no-default-plugins,
  /// --allow-insecure-plugins and --probe-timeout.
  void add_to(boost::program_options::options_description& options);
  /// The folders to search, in order.
  std::vector<std::string> folders() const;
};

}  // namespace tally

#endif  // TALLY_CLI_PLUGIN_OPTIONS_HPP

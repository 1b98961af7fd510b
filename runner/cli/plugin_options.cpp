#include "cli/plugin_options.hpp"

#include "core/error.hpp"
#include "discovery/plugin_files.hpp"

namespace tally {
namespace po = boost::program_options;

void PluginOptions::add_to(po::options_description& options) {
  options.add_options()(
      "plugins", po::value<std::vector<std::string>>(&dirs)->composing(),
      "a plugin folder to search (repeatable; also $TALLY_PLUGIN_PATH)")(
      "no-default-plugins", po::bool_switch(&no_default_plugins),
      "do not search the plugin folder beside the tally binary")(
      "allow-insecure-plugins", po::bool_switch(&allow_insecure),
      "load plugins from folders or files that other users can write")(
      "probe-timeout", po::value<double>()->notifier([this](double seconds) {
        if (!(seconds > 0 && seconds <= 86400))
          throw Error(
              "--probe-timeout must be between 0 and 86400 seconds, "
              "got " +
                  std::to_string(seconds),
              ExitCode::kUsage);
        probe_timeout_s = seconds;
      }),
      "seconds a plugin file may take to load before it is reported as "
      "hanging (default $TALLY_PROBE_TIMEOUT, else 60)");
}

std::vector<std::string> PluginOptions::folders() const {
  return plugin_search_path(dirs, !no_default_plugins);
}

}  // namespace tally

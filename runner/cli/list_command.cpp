// `tally list [--json]`: plugins, their benchmarks, and bad plugin files.
#include <iostream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/plugin_options.hpp"
#include "core/param_json.hpp"
#include "core/text.hpp"
#include "discovery/discover.hpp"

namespace tally {
namespace po = boost::program_options;
namespace {

// A list as `tally list` prints it, "-" for none.
std::string listed(const std::vector<std::string>& items) {
  const std::string out = join(items, ", ");
  return out.empty() ? "-" : out;
}

std::string listed(const std::vector<bool>& items) {
  std::vector<std::string> words;
  for (bool b : items) words.push_back(b ? "true" : "false");
  return listed(words);
}

std::string regions_text(const BenchmarkManifest& b) {
  std::string text = "total";
  for (const auto& r : b.regions) text += ", " + r;
  for (const auto& [backend, regions] : b.backend_regions)
    text += "; " + backend + ": total" +
            (regions.empty() ? "" : ", " + listed(regions));
  return text;
}

void print_console(const Catalog& catalog,
                   const std::vector<std::string>& folders) {
  std::cout << "plugin folders: " << listed(folders) << "\n";
  if (catalog.plugins.empty()) std::cout << "no plugins found\n";
  for (const auto& p : catalog.plugins) {
    std::cout << "\n" << p.name << " " << p.version << "  (" << p.path << ")\n";
    for (const auto& b : p.benchmarks) {
      std::cout << "  " << b.name;
      if (!b.description.empty()) std::cout << " - " << b.description;
      std::cout << "\n    backends: " << listed(b.backends)
                << "\n    devices:  " << listed(b.devices)
                << "\n    dynamic:  " << listed(b.dynamic)
                << "\n    regions:  " << regions_text(b) << "\n";
      if (!b.result_name.empty() && b.result_name != b.name)
        std::cout << "    result:   " << b.result_name << "\n";
      if (!b.params.empty()) {
        std::cout << "    params:\n";
        for (const auto& param : b.params)
          std::cout << "      " << param.name << " = "
                    << param_to_string(param.default_value) << " ("
                    << param_type_name(param.default_value)
                    << (param.description.empty() ? ""
                                                  : "; " + param.description)
                    << ")\n";
      }
    }
  }
  if (!catalog.bad.empty()) {
    std::cout << "\nbad plugin files:\n";
    for (const auto& bad : catalog.bad)
      std::cout << "  " << bad.path << ": " << bad.reason << "\n";
  }
}

}  // namespace

int list_command(const Args& args) {
  po::options_description options("tally list [--json] [--plugins DIR]...");
  PluginOptions plugins;
  bool json = false;
  options.add_options()("help,h", "show this help")(
      "json", po::bool_switch(&json), "print JSON instead of text");
  plugins.add_to(options);
  auto vm = parse_command_line("list", args, options);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  auto folders = plugins.folders();
  Catalog catalog = discover_plugins(folders, plugins.allow_insecure,
                                     plugins.probe_timeout_s);
  if (json) {
    auto out = to_json(catalog);
    out["folders"] = folders;
    std::cout << out.dump(2) << "\n";
  } else {
    print_console(catalog, folders);
  }
  return 0;
}

}  // namespace tally

#include "worker/plugin_loader.hpp"

#include <cxxabi.h>
#include <dlfcn.h>

#include <boost/dll/shared_library.hpp>
#include <exception>
#include <memory>
#include <set>
#include <typeinfo>
#include <vector>

namespace tally {
namespace {

std::string demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> out(
      abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 && out ? out.get() : name;
}

// dlerror() repeats the path; keep only the reason after it.
std::string dl_reason(const std::string& path, std::string message) {
  const std::string prefix = path + ": ";
  if (message.rfind(prefix, 0) == 0) message = message.substr(prefix.size());
  if (message.find("undefined symbol") != std::string::npos)
    message = "unresolved symbol (" + message +
              "); link the plugin against every library it uses";
  return message;
}

void validate(const Plugin& plugin) {
  if (plugin.abi_version != kAbiVersion)
    throw PluginLoadError(
        "wrong ABI version in the returned Plugin: got version " +
        std::to_string(plugin.abi_version) + ", supported version is " +
        std::to_string(kAbiVersion));
  if (plugin.name.empty())
    throw PluginLoadError("the plugin's name is empty (set Plugin::name)");
  if (plugin.benchmarks.empty())
    throw PluginLoadError("plugin '" + plugin.name + "' has no benchmarks");
  std::set<std::string> seen;
  for (const auto& b : plugin.benchmarks) {
    if (b.name.empty())
      throw PluginLoadError("plugin '" + plugin.name +
                            "' has a benchmark with an empty name");
    if (!seen.insert(b.name).second)
      throw PluginLoadError("plugin '" + plugin.name +
                            "' declares benchmark '" + b.name + "' twice");
    if (!b.make)
      throw PluginLoadError("benchmark '" + b.name +
                            "' has no factory (BenchmarkInfo::make is empty)");
    if (b.backends.empty())
      throw PluginLoadError("benchmark '" + b.name + "' declares no backends");
  }
}

}  // namespace

std::string describe_current_exception() {
  try {
    throw;
  } catch (const std::exception& e) {
    return demangle(typeid(e).name()) + ": " + e.what();
  } catch (...) {
    const std::type_info* type = abi::__cxa_current_exception_type();
    return "an exception of type " +
           (type ? demangle(type->name()) : std::string("unknown")) +
           " (not derived from std::exception)";
  }
}

Plugin load_plugin(const std::string& path) {
  // dlopen first for its precise error text; the handle is never closed.
  if (!::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL)) {
    const char* err = ::dlerror();
    throw PluginLoadError(dl_reason(path, err ? err : "dlopen failed"));
  }
  // Never destroyed: the library must stay loaded until the process ends.
  // Held in a static list so leak checkers see it as reachable.
  static auto* loaded =
      new std::vector<std::unique_ptr<boost::dll::shared_library>>;
  auto* lib = loaded
                  ->emplace_back(std::make_unique<boost::dll::shared_library>(
                      path, boost::dll::load_mode::rtld_now |
                                boost::dll::load_mode::rtld_local))
                  .get();
  if (!lib->has("tally_abi_version"))
    throw PluginLoadError(
        "not a tally plugin: it exports no tally_abi_version (build it with "
        "TALLY_PLUGIN(make_plugin) from <tally/plugin.hpp>)");
  const std::uint32_t version =
      lib->get<const std::uint32_t>("tally_abi_version");
  if (version != kAbiVersion)
    throw PluginLoadError("wrong ABI version: got version " +
                          std::to_string(version) + ", supported version is " +
                          std::to_string(kAbiVersion) +
                          "; rebuild the plugin against this tally's SDK");
  if (!lib->has("tally_plugin"))
    throw PluginLoadError(
        "not a tally plugin: no tally_plugin entry point (use TALLY_PLUGIN)");
  // The alias is a pointer variable holding the factory's address.
  if (lib->get<const void*>("tally_plugin") == nullptr)
    throw PluginLoadError("the tally_plugin entry point is a null factory");
  auto& factory = lib->get_alias<Plugin()>("tally_plugin");
  Plugin plugin;
  try {
    plugin = factory();
  } catch (...) {
    throw PluginLoadError("the plugin's factory threw " +
                          describe_current_exception());
  }
  validate(plugin);
  return plugin;
}

}  // namespace tally

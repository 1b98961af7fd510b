#include "worker/plugin_loader.hpp"

#include <cxxabi.h>
#include <dlfcn.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <set>
#include <typeinfo>
#include <vector>

#include "core/name_rules.hpp"

namespace tally {
namespace {

// The one symbol a plugin exports (see TALLY_PLUGIN in tally/plugin.hpp).
constexpr char kEntryPoint[] = "tally_plugin_library_info";
// What SDK version 1 exported instead: only looked up when the entry point
// is missing, to tell an old plugin from a file that is none.
constexpr char kVersion1Symbol[] = "tally_abi_version";

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

PluginLoadError wrong_version(std::uint32_t version) {
  return PluginLoadError("wrong ABI version: got version " +
                         std::to_string(version) + ", supported version is " +
                         std::to_string(kAbiVersion) +
                         "; rebuild the plugin against this tally's SDK");
}

// The only dlopen of `path`. RTLD_LOCAL: every plugin exports the same entry
// point. The handle is never closed (see plugin_loader.hpp); the dynamic
// linker keeps it reachable for leak checkers.
void* open_library(const std::string& path) {
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* err = ::dlerror();
    throw PluginLoadError(dl_reason(path, err ? err : "dlopen failed"));
  }
  return handle;
}

const PluginLibraryInfo& find_library_info(void* handle) {
  using EntryPoint = const PluginLibraryInfo* (*)();
  auto entry = reinterpret_cast<EntryPoint>(::dlsym(handle, kEntryPoint));
  if (!entry) {
    if (auto* v1 =
            static_cast<const std::uint32_t*>(::dlsym(handle, kVersion1Symbol)))
      throw wrong_version(*v1);
    throw PluginLoadError(
        std::string("not a tally plugin: it exports no ") + kEntryPoint +
        " (build it with TALLY_PLUGIN(make_plugin) from <tally/plugin.hpp>)");
  }
  const PluginLibraryInfo* info = entry();
  if (!info)
    throw PluginLoadError(std::string(kEntryPoint) + "() returned null");
  return *info;
}

const char* text(const char* s) { return s ? s : "?"; }

struct SizeField {
  const char* type;
  std::uint32_t AbiSizes::*size;
};
// The standard library's types, std::string first: it shows the dual ABI.
constexpr SizeField kStdSizes[] = {
    {"std::string", &AbiSizes::string},
    {"std::vector<std::string>", &AbiSizes::vector},
    {"std::map<std::string, std::vector<std::string>>", &AbiSizes::map},
    {"std::function<std::unique_ptr<tally::Benchmark>()>", &AbiSizes::function},
    {"std::unique_ptr<tally::Benchmark>", &AbiSizes::unique_ptr},
    {"std::optional<double>", &AbiSizes::optional},
    {"tally::ParamValue", &AbiSizes::param_value},
    {"std::runtime_error", &AbiSizes::runtime_error}};
// tally's own types, which change only with tally/plugin.hpp.
constexpr SizeField kSdkSizes[] = {
    {"tally::Params", &AbiSizes::params},
    {"tally::ParamSpec", &AbiSizes::param_spec},
    {"tally::Cell", &AbiSizes::cell},
    {"tally::BenchmarkInfo", &AbiSizes::benchmark_info},
    {"tally::Plugin", &AbiSizes::plugin}};

template <size_t N>
std::vector<SizeField> differing(const SizeField (&fields)[N], const AbiTag& a,
                                 const AbiTag& b) {
  std::vector<SizeField> out;
  for (const SizeField& f : fields)
    if (a.sizes.*f.size != b.sizes.*f.size) out.push_back(f);
  return out;
}

// "std::string 8 bytes, tally::ParamValue 16 bytes"
std::string list_sizes(const AbiTag& tag,
                       const std::vector<SizeField>& fields) {
  std::string out;
  for (const SizeField& f : fields)
    out += (out.empty() ? "" : ", ") + std::string(f.type) + " " +
           std::to_string(tag.sizes.*f.size) + " bytes";
  return out;
}

// What decides the std:: layouts: "libstdc++ with _GLIBCXX_USE_CXX11_ABI=1".
std::string stdlib_setting(const AbiTag& tag) {
  const std::string lib = text(tag.stdlib);
  if (lib == "libstdc++")
    return lib +
           " with _GLIBCXX_USE_CXX11_ABI=" + std::to_string(tag.stdlib_abi);
  if (lib == "libc++")
    return lib + " with _LIBCPP_ABI_VERSION=" + std::to_string(tag.stdlib_abi);
  return "an unknown C++ standard library (" + lib + ")";
}

std::string stdlib_mismatch(const AbiTag& got, const AbiTag& supported) {
  std::vector<SizeField> fields = differing(kStdSizes, got, supported);
  if (fields.empty() && stdlib_setting(got) == stdlib_setting(supported))
    return {};
  if (fields.empty() || fields.front().size != &AbiSizes::string)
    fields.insert(fields.begin(), kStdSizes[0]);
  return "C++ standard library ABI mismatch: got " + stdlib_setting(got) +
         " (" + list_sizes(got, fields) + "), supported is " +
         stdlib_setting(supported) + " (" + list_sizes(supported, fields) +
         "); rebuild the plugin for " + stdlib_setting(supported);
}

// Where the compiler matters: before libstdc++ 9 (GCC 9), C++17 support
// was experimental and std::variant and std::optional, which cross the
// boundary, had no stable ABI. Otherwise GCC and Clang share the Itanium
// C++ ABI, so the compiler is only named.
std::string release_mismatch(const AbiTag& got, const AbiTag& supported) {
  if (std::string(text(got.stdlib)) != "libstdc++" || got.stdlib_release >= 9)
    return {};
  return "C++17 ABI mismatch: got libstdc++ " +
         std::to_string(got.stdlib_release) + " (" + text(got.compiler) + " " +
         std::to_string(got.compiler_major) +
         "), whose C++17 library was experimental, supported is libstdc++ 9 "
         "or later (tally: libstdc++ " +
         std::to_string(supported.stdlib_release) + ", " +
         text(supported.compiler) + " " +
         std::to_string(supported.compiler_major) +
         "); rebuild the plugin with GCC 9 or later";
}

// Same standard library, same version, other sizes: plugin.hpp was edited
// without a kAbiVersion bump on one side.
std::string sdk_mismatch(const AbiTag& got, const AbiTag& supported) {
  const std::vector<SizeField> fields = differing(kSdkSizes, got, supported);
  if (fields.empty()) return {};
  return "SDK layout mismatch under the same ABI version " +
         std::to_string(kAbiVersion) + ": got " + list_sizes(got, fields) +
         ", supported is " + list_sizes(supported, fields) +
         "; rebuild the plugin against this tally's tally/plugin.hpp";
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
    if (!b.result_name.empty() &&
        (b.backends.size() != 1 || b.devices.size() != 1 ||
         b.dynamic.size() != 1))
      throw PluginLoadError(
          "benchmark '" + b.name + "' has the fixed result name '" +
          b.result_name +
          "', so it must declare exactly one backend, device and dynamic "
          "setting");
  }
  if (auto why = plugin_name_problem(plugin)) throw PluginLoadError(*why);
}

}  // namespace

std::string abi_mismatch(const AbiTag& got, const AbiTag& supported) {
  for (auto check : {stdlib_mismatch, release_mismatch, sdk_mismatch})
    if (std::string why = check(got, supported); !why.empty()) return why;
  return {};
}

std::string describe_abi(const AbiTag& tag) {
  return stdlib_setting(tag) + " (release " +
         std::to_string(tag.stdlib_release) + "), built by " +
         text(tag.compiler) + " " + std::to_string(tag.compiler_major);
}

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

namespace {
Plugin load_library_plugin(const std::string& path);
Plugin load_python_file(const std::string& path,
                        const std::string& python_plugin);
}  // namespace

bool is_python_benchmark(const std::string& path) {
  return path.size() > 3 && path.compare(path.size() - 3, 3, ".py") == 0;
}

Plugin load_plugin(const std::string& path, const std::string& python_plugin) {
  if (is_python_benchmark(path)) return load_python_file(path, python_plugin);
  return load_library_plugin(path);
}

namespace {

Plugin load_library_plugin(const std::string& path) {
  const PluginLibraryInfo& info = find_library_info(open_library(path));
  // Nothing past abi_version is read until the version matches: another
  // version may lay PluginLibraryInfo out differently.
  if (info.abi_version != kAbiVersion) throw wrong_version(info.abi_version);
  if (std::string why = abi_mismatch(info.abi_tag, kAbiTag); !why.empty())
    throw PluginLoadError(why);
  if (!info.factory)
    throw PluginLoadError("the plugin's library info has a null factory");
  Plugin plugin;
  try {
    plugin = info.factory();
  } catch (...) {
    throw PluginLoadError("the plugin's factory threw " +
                          describe_current_exception());
  }
  validate(plugin);
  return plugin;
}

// python.so's factory reports a bad file in one line that names the file
// and line; the C++ exception's type would only be noise.
Plugin load_python_file(const std::string& path,
                        const std::string& python_plugin) {
  if (python_plugin.empty())
    throw PluginLoadError(
        "no Python plugin (python.so) in the plugin folders to run it: "
        "tally was built without a Python environment (tools/setup makes "
        "one)");
  ::setenv("TALLY_PYTHON_BENCHMARK", path.c_str(), 1);
  struct Unset {
    ~Unset() { ::unsetenv("TALLY_PYTHON_BENCHMARK"); }
  } unset;
  try {
    return load_library_plugin(python_plugin);
  } catch (const PluginLoadError& e) {
    const std::string prefix = "the plugin's factory threw ";
    std::string what = e.what();
    if (what.rfind(prefix, 0) == 0) {
      what.erase(0, prefix.size());
      const auto colon = what.find(": ");
      if (colon != std::string::npos) what.erase(0, colon + 2);
    }
    throw PluginLoadError(what);
  }
}

}  // namespace

}  // namespace tally

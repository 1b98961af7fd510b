#include "results/environment_fingerprint.hpp"

#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "core/version.hpp"

namespace tally {

using nlohmann::json;

namespace {

// The first line of a /proc or /sys file, or null when it cannot be read.
json first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return nullptr;
  return line;
}

// A field of /proc/cpuinfo's first processor, or null.
json cpuinfo_field(const std::string& key) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) != 0) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) return nullptr;
    return line.substr(std::min(line.size(), colon + 2));
  }
  return nullptr;
}

// An unset variable is known to be unset, unlike an unreadable file (null,
// which is not compared), so it gets a value of its own.
json env_or_unset(const char* name) {
  const char* value = std::getenv(name);
  return value ? json(value) : json("(unset)");
}

// intel_pstate says no_turbo, acpi-cpufreq says boost; either may be absent.
json turbo_state() {
  const json no_turbo =
      first_line("/sys/devices/system/cpu/intel_pstate/no_turbo");
  if (no_turbo.is_string()) return no_turbo == "0" ? "on" : "off";
  const json boost = first_line("/sys/devices/system/cpu/cpufreq/boost");
  if (boost.is_string()) return boost == "1" ? "on" : "off";
  return nullptr;
}

json aslr_state() {
  const json v = first_line("/proc/sys/kernel/randomize_va_space");
  if (!v.is_string()) return nullptr;
  const std::string s = v.get<std::string>();
  if (s == "0") return "off";
  if (s == "1") return "partial (1)";
  if (s == "2") return "full (2)";
  return s;
}

}  // namespace

json collect_environment(const std::set<int>& cell_threads) {
  utsname uts{};
  const bool have_uts = ::uname(&uts) == 0;
  return {
      {"build_type", TALLY_BUILD_TYPE},
      {"compiler_flags", TALLY_CXX_FLAGS},
      {"libtorch",
       {{"version", libtorch_version()},
        {"git_hash", libtorch_git_hash().empty() ? json(nullptr)
                                                 : json(libtorch_git_hash())},
        {"cxx11_abi", _GLIBCXX_USE_CXX11_ABI == 1},
        {"cuda",
         std::string(TALLY_TORCH_CUDA).empty() ? "none" : TALLY_TORCH_CUDA}}},
      {"cpu",
       {{"model", cpuinfo_field("model name")},
        {"microcode", cpuinfo_field("microcode")},
        {"online", ::sysconf(_SC_NPROCESSORS_ONLN)}}},
      {"kernel",
       {{"release", have_uts ? json(uts.release) : json(nullptr)},
        {"version", have_uts ? json(uts.version) : json(nullptr)}}},
      {"cpufreq",
       {{"governor",
         first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")},
        {"turbo", turbo_state()}}},
      // callgrind workers run with ASLR off whatever this says.
      {"aslr", aslr_state()},
      {"threads",
       {{"OMP_NUM_THREADS", env_or_unset("OMP_NUM_THREADS")},
        {"MKL_NUM_THREADS", env_or_unset("MKL_NUM_THREADS")},
        {"cells", cell_threads}}}};
}

}  // namespace tally

#include "results/run_metadata.hpp"

#include <gnu/libc-version.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>

#include "core/version.hpp"

namespace tally {

using nlohmann::json;

namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  return "unknown";
}

}  // namespace

std::string utc_now_iso8601() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string file_sha256(const std::string& path) {
  std::string command = "sha256sum '" + path + "' 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"),
                                             ::pclose);
  std::array<char, 65> hex{};
  if (!pipe || !std::fgets(hex.data(), hex.size(), pipe.get())) return "";
  return std::string(hex.data(), 64);
}

RunMetadata collect_run_metadata() {
  RunMetadata m;
  m.tally_version = tally_version();
  m.git_commit = git_commit();
  m.libtorch_version = libtorch_version();
#if defined(__clang__)
  m.compiler = "clang " __clang_version__;
#else
  m.compiler = "gcc " __VERSION__;
#endif
  m.libc = std::string("glibc ") + ::gnu_get_libc_version();
  m.cpu = cpu_model();
  utsname uts{};
  if (::uname(&uts) == 0) {
    m.kernel = std::string(uts.sysname) + " " + uts.release;
    m.host = uts.nodename;
  }
  m.start_time = utc_now_iso8601();
  return m;
}

json to_json(const RunMetadata& m) {
  json out = {
      {"tally_version", m.tally_version},
      {"abi_version", kAbiVersion},
      {"git_commit", m.git_commit.empty() ? json() : json(m.git_commit)},
      {"libtorch_version", m.libtorch_version},
      {"compiler", m.compiler},
      {"libc", m.libc},
      {"valgrind_version",
       m.valgrind_version.empty() ? json() : json(m.valgrind_version)},
      {"counter", m.counter},
      {"counter_reason", m.counter_reason},
      {"cpu", m.cpu},
      {"kernel", m.kernel},
      {"host", m.host},
      {"start_time", m.start_time},
      {"end_time", m.end_time},
      {"config_path", m.config_path},
      {"config_sha256", m.config_sha256},
      {"jobs", m.jobs}};
  for (const auto& [key, value] : m.extra.items()) out[key] = value;
  return out;
}

}  // namespace tally

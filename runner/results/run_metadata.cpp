#include "results/run_metadata.hpp"

#include <fcntl.h>
#include <gnu/libc-version.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>

#include "core/error.hpp"
#include "core/fd.hpp"
#include "core/version.hpp"

namespace tally {

using nlohmann::json;

namespace {

Error unreadable(const std::string& path, const std::string& why) {
  return Error("cannot compute the SHA-256 of " + path + ": " + why,
               ExitCode::kIoError);
}

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

// The distribution, e.g. "Debian GNU/Linux 12 (bookworm) 12.11": its
// compiler, libc and valgrind decide counts; debian_version has the point
// release, which os-release leaves out.
std::string os_release() {
  std::string name;
  std::ifstream in("/etc/os-release");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      name = line.substr(12);
      if (name.size() >= 2 && name.front() == '"' && name.back() == '"')
        name = name.substr(1, name.size() - 2);
    }
  std::ifstream debian("/etc/debian_version");
  std::string point;
  if (std::getline(debian, point) && !point.empty())
    name += (name.empty() ? "" : " ") + point;
  return name;
}

std::string hex_of(const unsigned char* bytes, std::size_t size) {
  static const char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (std::size_t i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 0xf];
  }
  return hex;
}

}  // namespace

std::string new_run_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw Error("cannot make a run id: OpenSSL has no random bytes",
                ExitCode::kIoError);
  return hex_of(bytes, sizeof bytes);
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(),
                 nullptr) != 1)
    throw Error("OpenSSL cannot compute a SHA-256 digest", ExitCode::kIoError);
  return hex_of(digest, size);
}

std::string utc_now_iso8601() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string file_sha256(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) throw unreadable(path, std::strerror(errno));
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> context(EVP_MD_CTX_new(),
                                                             EVP_MD_CTX_free);
  if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
    throw unreadable(path, "OpenSSL cannot start a SHA-256 digest");
  std::array<char, 1 << 16> buffer;
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw unreadable(path, std::strerror(errno));
    if (n == 0) break;
    EVP_DigestUpdate(context.get(), buffer.data(), static_cast<std::size_t>(n));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(context.get(), digest, &size) != 1)
    throw unreadable(path, "OpenSSL cannot finish the SHA-256 digest");
  return hex_of(digest, size);
}

RunMetadata collect_run_metadata() {
  RunMetadata m;
  m.tally_version = tally_version();
  m.git_commit = git_commit();
  m.git_dirty = git_dirty();
  m.libtorch_version = libtorch_version();
  m.libtorch_git_hash = libtorch_git_hash();
  m.os_release = os_release();
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
      {"run_id", m.run_id.empty() ? json() : json(m.run_id)},
      {"tally_version", m.tally_version},
      {"abi_version", kAbiVersion},
      {"git_commit", m.git_commit.empty() ? json() : json(m.git_commit)},
      {"git_dirty", m.git_dirty ? json(*m.git_dirty) : json()},
      {"libtorch_version", m.libtorch_version},
      {"libtorch_git_hash",
       m.libtorch_git_hash.empty() ? json() : json(m.libtorch_git_hash)},
      {"os_release", m.os_release.empty() ? json() : json(m.os_release)},
      {"aten_cpu_capability",
       m.aten_cpu_capability.empty() ? json() : json(m.aten_cpu_capability)},
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
      {"jobs", m.jobs},
      {"environment", m.environment}};
  for (const auto& [key, value] : m.extra.items()) out[key] = value;
  return out;
}

}  // namespace tally

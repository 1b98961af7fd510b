#include "discovery/plugin_files.hpp"

#include <elf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "core/paths.hpp"

namespace tally {
namespace fs = boost::filesystem;

#if defined(__aarch64__)
constexpr int kHostMachine = EM_AARCH64;
#else
constexpr int kHostMachine = EM_X86_64;
#endif

std::vector<std::string> plugin_search_path(
    const std::vector<std::string>& cli_dirs, bool with_defaults) {
  std::vector<std::string> dirs;
  auto add = [&](const std::string& dir, const std::string& origin) {
    boost::system::error_code ec;
    if (!fs::is_directory(dir, ec))
      throw Error("plugin folder '" + dir + "' (from " + origin +
                      ") does not exist or is not a folder",
                  ExitCode::kUsage);
    dirs.push_back(fs::canonical(dir, ec).string());
  };
  for (const auto& dir : cli_dirs) add(dir, "--plugins");
  if (const char* env = std::getenv("TALLY_PLUGIN_PATH")) {
    std::istringstream parts(env);
    std::string dir;
    while (std::getline(parts, dir, ':'))
      if (!dir.empty()) add(dir, "TALLY_PLUGIN_PATH");
  }
  if (with_defaults)
    for (const auto& dir : default_plugin_dirs()) dirs.push_back(dir);
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (const auto& d : dirs)
    if (seen.insert(d).second) unique.push_back(d);
  return unique;
}

std::optional<std::string> precheck_plugin_file(const std::string& path) {
  struct stat link_info {};
  if (::lstat(path.c_str(), &link_info) != 0)
    return std::string("cannot read: ") + std::strerror(errno);
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    boost::system::error_code ec;
    return "dangling symlink (its target " +
           fs::read_symlink(path, ec).string() + " does not exist)";
  }
  if (S_ISDIR(info.st_mode))
    return std::string("a folder, not a shared object");
  if (!S_ISREG(info.st_mode)) return std::string("not a regular file");
  // Python reads its own files; what is wrong with one, it says on import.
  if (is_benchmark_script(path)) return std::nullopt;
  if (info.st_size == 0) return std::string("empty file (0 bytes)");
  std::ifstream in(path, std::ios::binary);
  unsigned char ident[sizeof(Elf64_Ehdr)] = {};
  in.read(reinterpret_cast<char*>(ident), sizeof(ident));
  const auto got = static_cast<size_t>(in.gcount());
  if (got < SELFMAG || std::memcmp(ident, ELFMAG, SELFMAG) != 0) {
    bool text = std::all_of(ident, ident + got, [](unsigned char c) {
      return std::isprint(c) || std::isspace(c);
    });
    return std::string("not an ELF file") +
           (text ? " (it looks like text)" : "") +
           "; expected a shared object built from a tally plugin";
  }
  if (got < sizeof(Elf64_Ehdr)) return std::string("truncated ELF file");
  if (ident[EI_CLASS] != ELFCLASS64)
    return std::string("32-bit ELF file; this tally loads 64-bit plugins");
  Elf64_Ehdr header;
  std::memcpy(&header, ident, sizeof(header));
  if (header.e_machine != kHostMachine)
    return "ELF file for another machine: got e_machine " +
           std::to_string(header.e_machine) + ", this host is " +
           std::to_string(kHostMachine);
  if (header.e_type != ET_DYN)
    return std::string("an ELF executable or object, not a shared object");
  return std::nullopt;
}

std::optional<std::string> insecure_plugin_path(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;  // reported later
  const char* what = S_ISDIR(info.st_mode) ? "folder" : "file";
  const std::string fix = "; a plugin is code that tally runs, so fix it (" +
                          std::string(
                              "chmod go-w / chown) or pass "
                              "--allow-insecure-plugins");
  if (info.st_mode & (S_IWGRP | S_IWOTH)) {
    char mode[8];
    std::snprintf(mode, sizeof(mode), "%04o", info.st_mode & 07777);
    return std::string("refused: the ") + what + " is writable by " +
           (info.st_mode & S_IWOTH ? "every user" : "its group") + " (mode " +
           mode + ")" + fix;
  }
  if (info.st_uid != 0 && info.st_uid != ::geteuid())
    return std::string("refused: the ") + what +
           " belongs to another user (uid " + std::to_string(info.st_uid) +
           "), who could change it" + fix;
  return std::nullopt;
}

std::optional<std::string> find_python_plugin(
    const std::vector<std::string>& folders) {
  std::vector<std::string> places = folders;
  for (const auto& dir : default_plugin_dirs()) places.push_back(dir);
  for (const auto& dir : places) {
    const fs::path candidate = fs::path(dir) / kPythonPlugin;
    boost::system::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return std::nullopt;
}

PluginFileScan scan_plugin_folders(const std::vector<std::string>& folders,
                                   bool allow_insecure) {
  PluginFileScan scan;
  for (const auto& folder : folders) {
    if (!allow_insecure)
      if (auto why = insecure_plugin_path(folder)) {
        scan.bad.push_back({folder, *why});
        continue;
      }
    std::vector<std::string> files;
    boost::system::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end;
         it.increment(ec))
      if ((it->path().extension() == ".so" &&
           it->path().filename() != kPythonPlugin) ||
          is_benchmark_script(it->path().string()))
        files.push_back(it->path().string());
    if (ec)
      scan.bad.push_back({folder, "cannot list the folder: " + ec.message()});
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      auto why = precheck_plugin_file(file);
      if (!why && !allow_insecure) why = insecure_plugin_path(file);
      if (why)
        scan.bad.push_back({file, *why});
      else
        scan.candidates.push_back(file);
    }
  }
  return scan;
}

}  // namespace tally

#include "worker/worker_stage.hpp"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "core/fd.hpp"
#include "core/python_files.hpp"

namespace tally {
namespace fs = boost::filesystem;

namespace {

// Fixed: a TMPDIR of another length would move the counts.
constexpr char kStagePattern[] = "/tmp/tally-XXXXXX";

std::string make_private_dir() {
  std::vector<char> buffer(std::begin(kStagePattern), std::end(kStagePattern));
  if (!::mkdtemp(buffer.data()))
    throw Error(std::string("cannot create the worker's private folder ") +
                    kStagePattern + ": " + std::strerror(errno) +
                    " (tally needs a writable /tmp; TMPDIR is not used so "
                    "that counts do not depend on it)",
                ExitCode::kIoError);
  return buffer.data();
}

// A hard link costs nothing; a copy works across file systems and where
// fs.protected_hardlinks refuses a link to someone else's file.
void link_or_copy(const std::string& from, const std::string& to) {
  if (::link(from.c_str(), to.c_str()) == 0) return;
  boost::system::error_code ec;
  fs::copy_file(from, to, ec);
  if (!ec)
    fs::permissions(to,
                    fs::owner_all | fs::group_read | fs::group_exe |
                        fs::others_read | fs::others_exe,
                    ec);
  if (ec)
    throw Error("cannot stage " + from + " for its worker: " + ec.message(),
                ExitCode::kIoError);
}

bool read_at(int fd, void* out, size_t size, std::uint64_t offset) {
  return ::pread(fd, out, size, static_cast<off_t>(offset)) ==
         static_cast<ssize_t>(size);
}

// The file offset of virtual address `addr`, through the PT_LOAD segments.
std::optional<std::uint64_t> file_offset(const std::vector<Elf64_Phdr>& phdrs,
                                         std::uint64_t addr) {
  for (const auto& p : phdrs)
    if (p.p_type == PT_LOAD && addr >= p.p_vaddr &&
        addr < p.p_vaddr + p.p_filesz)
      return addr - p.p_vaddr + p.p_offset;
  return std::nullopt;
}

}  // namespace

bool uses_origin_rpath(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  Elf64_Ehdr ehdr{};
  if (!fd.valid() || !read_at(fd.get(), &ehdr, sizeof(ehdr), 0) ||
      std::memcmp(ehdr.e_ident, ELFMAG, SELFMAG) != 0 ||
      ehdr.e_ident[EI_CLASS] != ELFCLASS64 ||
      ehdr.e_phentsize != sizeof(Elf64_Phdr) || ehdr.e_phnum > 4096)
    return false;  // not for us to judge: loading it will say what is wrong
  std::vector<Elf64_Phdr> phdrs(ehdr.e_phnum);
  if (!read_at(fd.get(), phdrs.data(), phdrs.size() * sizeof(Elf64_Phdr),
               ehdr.e_phoff))
    return false;
  for (const auto& p : phdrs) {
    if (p.p_type != PT_DYNAMIC || p.p_filesz > (1u << 20)) continue;
    std::vector<Elf64_Dyn> dyn(p.p_filesz / sizeof(Elf64_Dyn));
    if (!read_at(fd.get(), dyn.data(), dyn.size() * sizeof(Elf64_Dyn),
                 p.p_offset))
      return false;
    std::uint64_t strtab = 0;
    std::vector<std::uint64_t> paths;
    for (const auto& d : dyn) {
      if (d.d_tag == DT_STRTAB) strtab = d.d_un.d_ptr;
      if (d.d_tag == DT_RPATH || d.d_tag == DT_RUNPATH)
        paths.push_back(d.d_un.d_val);
    }
    const auto base = file_offset(phdrs, strtab);
    for (std::uint64_t index : paths) {
      char text[4096] = {};
      if (base &&
          ::pread(fd.get(), text, sizeof(text) - 1,
                  static_cast<off_t>(*base + index)) > 0 &&
          std::strstr(text, "$ORIGIN"))
        return true;
    }
  }
  return false;
}

namespace {

// The library at `from`, as `<dir>/plugin.so` unless it finds its own
// libraries through $ORIGIN.
std::string stage_library(const std::string& dir, const std::string& from) {
  if (from.empty() || uses_origin_rpath(from)) return from;
  link_or_copy(from, dir + "/plugin.so");
  return dir + "/plugin.so";
}

// A Python benchmark file into `<dir>/bench/`, with the sibling modules it
// may import (`_helpers.py`, PyTorch's `benchmark_base.py`) but not the
// other benchmark files: a file added beside it moved its count (by up to
// 0.05 %, through the folder's listing in Python's import caches).
// Returns the staged file.
std::string stage_python_file(const std::string& dir, const std::string& file) {
  const fs::path source(file);
  const fs::path bench = fs::path(dir) / "bench";
  boost::system::error_code ec;
  fs::create_directory(bench, ec);
  link_or_copy(file, (bench / source.filename()).string());
  for (fs::directory_iterator it(source.parent_path(), ec), end;
       !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".py" &&
        !is_benchmark_script(it->path().string()) &&
        fs::is_regular_file(it->path()))
      link_or_copy(it->path().string(),
                   (bench / it->path().filename()).string());
  if (ec)
    throw Error("cannot stage " + file + " for its worker: " + ec.message(),
                ExitCode::kIoError);
  return (bench / source.filename()).string();
}

// A folder to show a worker as its /tmp: mode 0700, with the empty mount
// point of its stage.
std::string make_private_tmp() {
  const std::string tmp = make_private_dir();
  const std::string mount_point = tmp + (kStageView + 4);  // + "/tally-worker"
  if (::mkdir(mount_point.c_str(), 0755) != 0) {
    const std::string why = std::strerror(errno);
    boost::system::error_code ec;
    fs::remove_all(tmp, ec);
    throw Error("cannot create " + mount_point + ": " + why,
                ExitCode::kIoError);
  }
  return tmp;
}

bool under_host_tmp(const std::string& path, const std::string& view) {
  return path.rfind("/tmp/", 0) == 0 && path.rfind(view + "/", 0) != 0;
}

}  // namespace

bool private_mounts_work() {
  static const bool works = [] {
    if (std::getenv("TALLY_NO_PRIVATE_MOUNT")) return false;
    // The mount point: an empty folder anyone may mount over in their own
    // namespace. Not a link: a mount follows it.
    ::mkdir(kStageView, 0755);
    struct stat info {};
    if (::lstat(kStageView, &info) != 0 || !S_ISDIR(info.st_mode)) return false;
    try {
      // The whole recipe: the stage at kStageView, the host's /tmp hidden,
      // the host name fixed.
      const std::string dir = make_private_dir();
      const std::string tmp = make_private_tmp();
      const std::string marker = dir + "/probe";
      Fd(::open(marker.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
      SpawnOptions options;
      options.argv = {"/bin/sh", "-c",
                      std::string("test -e ") + kStageView +
                          "/probe && ! test -e " + dir +
                          " && test \"$(uname -n)\" = tally"};
      options.private_mount = SpawnOptions::PrivateMount{dir, kStageView, tmp};
      ChildProcess child(options);
      child.input().reset();
      const ExitStatus status = child.wait();
      const bool ok = !status.signaled && status.code == 0;
      boost::system::error_code ec;
      fs::remove_all(dir, ec);
      fs::remove_all(tmp, ec);
      return ok;
    } catch (const std::exception&) {
      return false;
    }
  }();
  return works;
}

WorkerStage::WorkerStage(const std::string& executable,
                         const std::string& plugin,
                         const std::string& python_plugin)
    : dir_(make_private_dir()), view_(dir_), original_plugin_(plugin) {
  try {
    const bool private_mount = private_mounts_work();
    if (private_mount) view_ = kStageView;
    // What the worker is given names view_; files are placed through dir_.
    auto seen = [this](const std::string& path) {
      return path.compare(0, dir_.size(), dir_) == 0
                 ? view_ + path.substr(dir_.size())
                 : path;
    };
    link_or_copy(executable, dir_ + "/tally-worker");
    executable_ = seen(dir_ + "/tally-worker");
    if (!python_plugin.empty()) {
      python_plugin_ = seen(stage_library(dir_, python_plugin));
      plugin_ = seen(stage_python_file(dir_, plugin));
    } else {
      plugin_ = seen(stage_library(dir_, plugin));
    }
    if (private_mount) {
      // A plugin loaded in place from the host's /tmp needs that /tmp.
      const bool keep_tmp = under_host_tmp(plugin_, view_) ||
                            under_host_tmp(python_plugin_, view_);
      if (!keep_tmp) tmp_ = make_private_tmp();
      private_mount_ = SpawnOptions::PrivateMount{dir_, view_, tmp_};
    }
  } catch (...) {
    boost::system::error_code ec;
    fs::remove_all(dir_, ec);
    if (!tmp_.empty()) fs::remove_all(tmp_, ec);
    throw;
  }
}

WorkerStage::~WorkerStage() {
  boost::system::error_code ec;
  fs::remove_all(dir_, ec);
  if (!tmp_.empty()) fs::remove_all(tmp_, ec);
}

}  // namespace tally

#include "results/output_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/fd.hpp"

namespace tally {
namespace fs = boost::filesystem;

void write_all(int fd, const std::string& content, const std::string& path) {
  if (int err = write_fully(fd, content.data(), content.size()))
    throw Error(
        "cannot write " + path + ": " + std::strerror(err) +
            (err == ENOSPC || err == EFBIG
                 ? " (free some space; the files written so far are kept)"
                 : ""),
        ExitCode::kIoError);
}

void prepare_results_dir(const std::string& dir) {
  boost::system::error_code ec;
  if (fs::exists(dir, ec)) {
    if (!fs::is_directory(dir, ec))
      throw Error("--out " + dir + " exists and is not a folder",
                  ExitCode::kIoError);
    if (!fs::is_empty(dir, ec))
      throw Error("results folder " + dir +
                      " already holds files; choose another --out (or remove "
                      "it) so earlier results are not overwritten",
                  ExitCode::kIoError);
  } else if (!fs::create_directories(dir, ec) || ec) {
    throw Error("cannot create results folder " + dir + ": " + ec.message(),
                ExitCode::kIoError);
  }
  const std::string probe = dir + "/.tally-write-test";
  Fd fd(::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid())
    throw Error(
        "results folder " + dir + " is not writable: " + std::strerror(errno),
        ExitCode::kIoError);
  fd.reset();
  ::unlink(probe.c_str());
}

namespace {

// Where an atomic write of `given` must land: a symlink's target (a rename
// would replace the link); throws for a folder. Returns "" for a device or
// pipe such as /dev/stdout, which is written through, not replaced.
std::string atomic_write_target(const std::string& given) {
  if (given.empty())
    throw Error("an empty file name; give the file to write", ExitCode::kUsage);
  struct stat st {};
  if (::stat(given.c_str(), &st) != 0) return given;  // a new file
  if (S_ISDIR(st.st_mode))
    throw Error(given + ": is a folder; give a file name to write",
                ExitCode::kIoError);
  if (!S_ISREG(st.st_mode)) return "";
  return fs::canonical(given).string();
}

void write_through(const std::string& path, const std::string& content) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC));
  if (!fd.valid())
    throw Error("cannot write " + path + ": " + std::strerror(errno),
                ExitCode::kIoError);
  write_all(fd.get(), content, path);
}

}  // namespace

void write_file_atomically(const std::string& given,
                           const std::string& content) {
  const std::string path = atomic_write_target(given);
  if (path.empty()) return write_through(given, content);
  const std::string temp = path + ".tmp";
  {
    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd.valid())
      throw Error("cannot write " + temp + ": " + std::strerror(errno),
                  ExitCode::kIoError);
    try {
      write_all(fd.get(), content, path);
      if (::fsync(fd.get()) != 0)
        throw Error("cannot write " + path + ": " + std::strerror(errno),
                    ExitCode::kIoError);
    } catch (...) {
      ::unlink(temp.c_str());
      throw;
    }
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw Error(
        "cannot move " + temp + " to " + path + ": " + std::strerror(err),
        ExitCode::kIoError);
  }
}

}  // namespace tally

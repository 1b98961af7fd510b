#include "results/output_files.hpp"

#include <fcntl.h>
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

void write_file_atomically(const std::string& path,
                           const std::string& content) {
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
  if (::rename(temp.c_str(), path.c_str()) != 0)
    throw Error(
        "cannot move " + temp + " to " + path + ": " + std::strerror(errno),
        ExitCode::kIoError);
}

}  // namespace tally

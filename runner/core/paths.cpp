#include "core/paths.hpp"

#include <boost/filesystem.hpp>

#include "core/error.hpp"

namespace tally {
namespace fs = boost::filesystem;

std::string self_executable() {
  boost::system::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    throw Error("cannot find the tally binary: " + ec.message(),
                ExitCode::kIoError);
  return exe.string();
}

namespace {

fs::path binary_dir() { return fs::path(self_executable()).parent_path(); }

}  // namespace

std::vector<std::string> default_plugin_dirs() {
  std::vector<std::string> dirs;
  for (const fs::path& dir : {binary_dir() / "plugins",
                              binary_dir() / ".." / TALLY_INSTALL_PLUGIN_DIR}) {
    boost::system::error_code ec;
    if (fs::is_directory(dir, ec))
      dirs.push_back(fs::canonical(dir, ec).string());
  }
  return dirs;
}

std::string default_config_path() {
  for (const fs::path& dir : {binary_dir() / "configs",
                              binary_dir() / ".." / TALLY_INSTALL_CONFIG_DIR}) {
    boost::system::error_code ec;
    if (fs::is_regular_file(dir / "default.yaml", ec))
      return fs::canonical(dir / "default.yaml", ec).string();
  }
  throw Error("no configs/default.yaml beside " + self_executable() +
                  "; give a matrix file: tally run CONFIG.yaml",
              ExitCode::kBadConfig);
}

std::string shipped_config_path(const std::string& file) {
  const fs::path dirs[] = {binary_dir() / "configs",
                           binary_dir() / ".." / TALLY_INSTALL_CONFIG_DIR};
  for (const fs::path& dir : dirs) {
    boost::system::error_code ec;
    if (fs::is_regular_file(dir / file, ec))
      return fs::canonical(dir / file, ec).string();
  }
  throw Error("no " + file + " in " + dirs[0].string() + " or " +
                  dirs[1].lexically_normal().string() +
                  "; reinstall tally or give the file's path",
              ExitCode::kIoError);
}

std::string worker_executable() {
  const fs::path places[] = {
      binary_dir() / "tally-worker",
      binary_dir() / ".." / TALLY_INSTALL_LIBEXEC_DIR / "tally-worker"};
  for (const fs::path& path : places) {
    boost::system::error_code ec;
    if (fs::is_regular_file(path, ec))
      return fs::canonical(path, ec).string();
  }
  throw Error("no tally-worker at " + places[0].string() + " or " +
                  places[1].lexically_normal().string() +
                  "; rebuild (cmake --build build) or reinstall tally",
              ExitCode::kIoError);
}

}  // namespace tally

// The private folder a measuring worker runs in. A worker's heap and stack
// follow every string it is given or finds (its binary's and plugin's
// paths, the working directory, the environment, /proc/self/maps), and
// LibTorch's pointer-keyed tables follow the heap, so counts moved by up to
// 3 % with the build folder, the plugin folder and the shell. Staged here,
// the worker sees the same strings, of the same lengths, wherever the user
// keeps tally and its plugins. Where the system allows a private mount
// namespace (root, or unprivileged user namespaces), the worker sees its
// folder at the fixed path /tmp/tally-worker, not at its random name: a
// random name in the working directory, HOME and TMPDIR moved Inductor's
// compile_time by 70-160 instructions between two runs. There it also gets
// a /tmp of its own: filelock's realpath() in Inductor reads /tmp's link
// and block counts, which pass 256 (Python's cached small ints) as the
// host's /tmp fills, and so moved Inductor's counts by 104 each.
#ifndef TALLY_WORKER_WORKER_STAGE_HPP
#define TALLY_WORKER_WORKER_STAGE_HPP

#include <optional>
#include <string>

#include "worker/child_process.hpp"

namespace tally {

class WorkerStage {
 public:
  /// Creates /tmp/tally-XXXXXX (mode 0700; /tmp whatever TMPDIR says, so the
  /// path's length never varies) holding the worker binary as `tally-worker`
  /// and, when `plugin` is not empty, the plugin as `plugin.so`: hard links
  /// where the file system allows, else copies. A plugin that finds its own
  /// libraries through $ORIGIN is not moved (see plugin_stays()). For a
  /// Python benchmark file, `python_plugin` (python.so) becomes
  /// `plugin.so` and the file, with the helper modules beside it (.py files
  /// that are not benchmark files), goes into `bench/`.
  WorkerStage(const std::string& executable, const std::string& plugin,
              const std::string& python_plugin = "");
  ~WorkerStage();  // removes the folder and everything in it
  WorkerStage(const WorkerStage&) = delete;
  WorkerStage& operator=(const WorkerStage&) = delete;

  /// The folder, as the host sees it (where callgrind's dumps are read).
  const std::string& dir() const { return dir_; }
  /// The folder as the worker sees it: its working directory, HOME and
  /// TMPDIR, and where callgrind writes its dumps. kStageView when
  /// private_mount() is set, else dir().
  const std::string& view() const { return view_; }
  /// The mount that shows dir() at view() in the worker, in a /tmp of its
  /// own unless a plugin is loaded in place from the host's /tmp; unset
  /// where the system refuses private mounts (or TALLY_NO_PRIVATE_MOUNT is
  /// set).
  const std::optional<SpawnOptions::PrivateMount>& private_mount() const {
    return private_mount_;
  }
  const std::string& executable() const { return executable_; }
  /// The paths below are the worker's (under view()).
  /// The path the worker loads the plugin from.
  const std::string& plugin() const { return plugin_; }
  /// The path the user gave for the plugin (for messages).
  const std::string& original_plugin() const { return original_plugin_; }
  /// The path the worker loads python.so from; "" without one.
  const std::string& python_plugin() const { return python_plugin_; }

 private:
  std::string dir_, view_, executable_, plugin_, original_plugin_,
      python_plugin_;
  std::string tmp_;  // the worker's /tmp; "" where it sees the host's
  std::optional<SpawnOptions::PrivateMount> private_mount_;
};

/// Where a worker sees its stage when it can have a private mount: as long
/// as a random stage name, so counts move less between the two cases.
inline constexpr char kStageView[] = "/tmp/tally-worker";

/// Whether a child can have a private mount here (tried once per process,
/// by starting /bin/sh with one); false when TALLY_NO_PRIVATE_MOUNT is set.
bool private_mounts_work();

/// True when the ELF file at `path` names $ORIGIN in its RPATH/RUNPATH, so
/// moving it would lose the libraries it finds beside itself.
bool uses_origin_rpath(const std::string& path);

}  // namespace tally

#endif  // TALLY_WORKER_WORKER_STAGE_HPP

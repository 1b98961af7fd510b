// The private folder a measuring worker runs in. A worker's heap and stack
// follow every string it is given or finds (its binary's and plugin's
// paths, the working directory, the environment, /proc/self/maps), and
// LibTorch's pointer-keyed tables follow the heap, so counts moved by up to
// 3 % with the build folder, the plugin folder and the shell. Staged here,
// the worker sees the same strings, of the same lengths, wherever the user
// keeps tally and its plugins.
#ifndef TALLY_WORKER_WORKER_STAGE_HPP
#define TALLY_WORKER_WORKER_STAGE_HPP

#include <string>

namespace tally {

class WorkerStage {
 public:
  /// Creates /tmp/tally-XXXXXX (mode 0700; /tmp whatever TMPDIR says, so the
  /// path's length never varies) holding the worker binary as `tally` and,
  /// when `plugin` is not empty, the plugin as `plugin.so`: hard links
  /// where the file system allows, else copies. A plugin that finds its own
  /// libraries through $ORIGIN is not moved (see plugin_stays()). For a
  /// Python benchmark file, `python_plugin` (python.so) becomes
  /// `plugin.so` and the file, with the .py files beside it (its imports),
  /// goes into `bench/`.
  WorkerStage(const std::string& executable, const std::string& plugin,
              const std::string& python_plugin = "");
  ~WorkerStage();  // removes the folder and everything in it
  WorkerStage(const WorkerStage&) = delete;
  WorkerStage& operator=(const WorkerStage&) = delete;

  /// The folder: the worker's working directory, HOME and TMPDIR, and where
  /// callgrind writes its dumps.
  const std::string& dir() const { return dir_; }
  const std::string& executable() const { return executable_; }
  /// The path the worker loads the plugin from.
  const std::string& plugin() const { return plugin_; }
  /// The path the user gave for the plugin (for messages).
  const std::string& original_plugin() const { return original_plugin_; }
  /// The path the worker loads python.so from; "" without one.
  const std::string& python_plugin() const { return python_plugin_; }

 private:
  std::string dir_, executable_, plugin_, original_plugin_, python_plugin_;
};

/// True when the ELF file at `path` names $ORIGIN in its RPATH/RUNPATH, so
/// moving it would lose the libraries it finds beside itself.
bool uses_origin_rpath(const std::string& path);

}  // namespace tally

#endif  // TALLY_WORKER_WORKER_STAGE_HPP

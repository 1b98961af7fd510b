// Which .py files of a plugin folder are benchmark files. Shared by the
// folder scan (discovery/) and the worker's stage (worker/): header-only,
// so the measuring worker's binary does not change with it.
#ifndef TALLY_CORE_PYTHON_FILES_HPP
#define TALLY_CORE_PYTHON_FILES_HPP

#include <string>

namespace tally {

/// A Python benchmark file: *.py, but not a module that only supports
/// benchmarks (`_*.py`, `__init__.py`, and `benchmark_base.py`, the harness
/// PyTorch's files import, for which tally offers its own).
inline bool is_benchmark_script(const std::string& path) {
  const auto slash = path.find_last_of('/');
  const std::string name =
      slash == std::string::npos ? path : path.substr(slash + 1);
  const std::string ext = ".py";
  return name.size() > ext.size() &&
         name.compare(name.size() - ext.size(), ext.size(), ext) == 0 &&
         name[0] != '_' && name != "benchmark_base.py";
}

}  // namespace tally

#endif  // TALLY_CORE_PYTHON_FILES_HPP

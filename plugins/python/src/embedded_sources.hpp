// tally's Python modules, compiled into python.so by embed_sources.cmake
// from plugins/python/py/.
#ifndef TALLY_PYTHON_EMBEDDED_SOURCES_HPP
#define TALLY_PYTHON_EMBEDDED_SOURCES_HPP

#include <vector>

namespace tally::python {

struct EmbeddedSource {
  const char* module;  ///< module name: the file name without .py
  const char* file;    ///< the file name, e.g. "benchmark_base.py"
  const char* text;    ///< the source
};

/// benchmark_base, tally, _tally_driver: registered before any user code.
const std::vector<EmbeddedSource>& embedded_modules();

}  // namespace tally::python

#endif  // TALLY_PYTHON_EMBEDDED_SOURCES_HPP

// tally's Python modules and bundled benchmarks, compiled into python.so by
// embed_sources.cmake from plugins/python/py/ and plugins/python/benchmarks/.
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
/// The benchmarks python.so offers when loaded as a plugin of its own.
const std::vector<EmbeddedSource>& embedded_benchmarks();

}  // namespace tally::python

#endif  // TALLY_PYTHON_EMBEDDED_SOURCES_HPP

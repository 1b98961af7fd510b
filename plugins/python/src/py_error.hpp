// A pending Python exception, as tally reports it: one line.
#ifndef TALLY_PYTHON_PY_ERROR_HPP
#define TALLY_PYTHON_PY_ERROR_HPP

#include <stdexcept>
#include <string>

namespace tally::python {

/// A Python exception that left the benchmark, described on one line.
class PythonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Clears the pending Python exception (one must be pending) and throws it
/// as C++: tally::SkipCell for tally.SkipCell, else PythonError holding
/// "ExcType: message (at FILE:LINE)", where FILE:LINE is the deepest frame
/// in `file` (the benchmark's). SystemExit is reported, never obeyed:
/// PyErr_Print would exit the process.
[[noreturn]] void throw_pending(const std::string& file);

}  // namespace tally::python

#endif  // TALLY_PYTHON_PY_ERROR_HPP

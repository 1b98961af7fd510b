// CPython, once per process: the interpreter of tally's Python environment
// with tally's modules registered. Initialised by the plugin's factory, so
// a worker pays for `import torch` once and every cell's forked process
// inherits it.
#ifndef TALLY_PYTHON_INTERPRETER_HPP
#define TALLY_PYTHON_INTERPRETER_HPP

#include <string>
#include <sys/types.h>

#include "py_ref.hpp"

namespace tally::python {

class Interpreter {
 public:
  /// The process's interpreter, started on first use; throws PythonError
  /// when Python cannot start or tally's modules fail to load.
  static Interpreter& get();

  /// tally's driver module (_tally_driver), borrowed.
  PyObject* driver() const { return driver_.get(); }

  /// In a forked cell's process, before any Python runs there: CPython's
  /// after-fork handling (locks, threads), then the driver's seeds. Once
  /// per process.
  void after_fork();

  Interpreter(const Interpreter&) = delete;
  Interpreter& operator=(const Interpreter&) = delete;
  ~Interpreter();

 private:
  Interpreter();

  void* libpython_ = nullptr;  // dlopen handle that made its symbols global
  PyRef driver_;
  pid_t forked_ = 0;  // the process after_fork() last ran in
};

}  // namespace tally::python

#endif  // TALLY_PYTHON_INTERPRETER_HPP

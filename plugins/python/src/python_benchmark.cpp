#include "python_benchmark.hpp"

#include <variant>

#include "interpreter.hpp"
#include "py_error.hpp"
#include "tally_module.hpp"

namespace tally::python {
namespace {

PyObject* to_python(const ParamValue& value) {
  return std::visit(
      [](const auto& v) -> PyObject* {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) return PyBool_FromLong(v);
        if constexpr (std::is_same_v<T, std::int64_t>)
          return PyLong_FromLongLong(v);
        if constexpr (std::is_same_v<T, double>) return PyFloat_FromDouble(v);
        if constexpr (std::is_same_v<T, std::string>)
          return PyUnicode_FromStringAndSize(v.data(),
                                             static_cast<Py_ssize_t>(v.size()));
      },
      value);
}

// {"backend", "device", "dynamic", "threads", "params": {...}}
PyRef cell_dict(const Cell& cell) {
  PyRef params(PyDict_New());
  for (const auto& [name, value] : cell.params.all()) {
    PyRef v(to_python(value));
    if (!v || PyDict_SetItemString(params.get(), name.c_str(), v.get()) != 0)
      return PyRef();
  }
  return PyRef(Py_BuildValue(
      "{s:s,s:s,s:O,s:i,s:O}", "backend", cell.backend.c_str(), "device",
      cell.device.c_str(), "dynamic", cell.dynamic ? Py_True : Py_False,
      "threads", cell.threads, "params", params.get()));
}

}  // namespace

void PythonBenchmark::prepare_once(const Cell& cell) {
  Interpreter& py = Interpreter::get();
  py.after_fork();
  PyRef dict = cell_dict(cell);
  if (!dict) throw_pending(path_);
  PyRef info(PyObject_CallMethod(py.driver(), "start_cell", "ssO",
                                 path_.c_str(), name_.c_str(), dict.get()));
  if (!info) throw_pending(path_);
}

void PythonBenchmark::prepare() {
  PyRef done(
      PyObject_CallMethod(Interpreter::get().driver(), "prepare", nullptr));
  if (!done) throw_pending(path_);
}

void PythonBenchmark::work(Meter& meter) {
  ActiveMeter active(meter);
  PyRef done(PyObject_CallMethod(Interpreter::get().driver(), "work", nullptr));
  if (!done) throw_pending(path_);
}

}  // namespace tally::python

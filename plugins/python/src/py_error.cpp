#include "py_error.hpp"

#include <tally/plugin.hpp>

#include "py_ref.hpp"

namespace tally::python {
namespace {

// str(obj) as UTF-8, or a stand-in when even that fails.
std::string text_of(PyObject* obj) {
  PyRef s(obj ? PyObject_Str(obj) : nullptr);
  const char* utf8 = s ? PyUnicode_AsUTF8(s.get()) : nullptr;
  if (!utf8) {
    PyErr_Clear();
    return "<unprintable>";
  }
  return utf8;
}

// An imported module by name, or nothing (no exception left pending).
PyRef imported(const char* name) {
  PyRef key(PyUnicode_FromString(name));
  PyRef module(key ? PyImport_GetModule(key.get()) : nullptr);
  PyErr_Clear();
  return module;
}

// The driver's one-line description, or type and message when the driver
// cannot give one (it failed to import, say).
std::string describe(PyObject* exc, const std::string& file) {
  PyRef driver = imported("_tally_driver");
  // A bad benchmark file: the driver's message is the whole line.
  PyRef file_error(driver ? PyObject_GetAttrString(driver.get(),
                                                   "BenchmarkFileError")
                          : nullptr);
  PyErr_Clear();
  if (file_error && PyObject_IsInstance(exc, file_error.get()) == 1)
    return text_of(exc);
  if (driver) {
    PyRef line(PyObject_CallMethod(driver.get(), "describe_exception", "Os",
                                   exc, file.c_str()));
    if (line && PyUnicode_Check(line.get())) return text_of(line.get());
  }
  PyErr_Clear();
  return std::string(Py_TYPE(exc)->tp_name) + ": " + text_of(exc);
}

bool is_skip(PyObject* exc) {
  PyRef tally = imported("tally");
  PyRef skip(tally ? PyObject_GetAttrString(tally.get(), "SkipCell") : nullptr);
  PyErr_Clear();
  return skip && PyObject_IsInstance(exc, skip.get()) == 1;
}

}  // namespace

void throw_pending(const std::string& file) {
  PyObject *type = nullptr, *value = nullptr, *traceback = nullptr;
  PyErr_Fetch(&type, &value, &traceback);
  if (!type) throw PythonError("a Python call failed without an exception");
  PyErr_NormalizeException(&type, &value, &traceback);
  if (traceback) PyException_SetTraceback(value, traceback);
  PyRef owned_type(type), exc(value), owned_traceback(traceback);
  if (is_skip(exc.get())) throw SkipCell(text_of(exc.get()));
  throw PythonError(describe(exc.get(), file));
}

}  // namespace tally::python

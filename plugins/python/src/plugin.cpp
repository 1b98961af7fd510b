// python.so: tally's plugin for Python benchmarks. Loaded with
// TALLY_PYTHON_BENCHMARK=FILE (the worker sets it for a .py file of a
// plugin folder), it offers FILE's benchmarks under the plugin name of the
// file. It has no benchmarks of its own: tally's ship as .py files beside
// it (plugins/python/benchmarks/), each loaded alone.
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <tally/plugin.hpp>
#include <vector>

#include "interpreter.hpp"
#include "py_error.hpp"
#include "python_benchmark.hpp"

namespace tally::python {
namespace {

std::string text_item(PyObject* dict, const char* key) {
  PyObject* v = PyDict_GetItemString(dict, key);  // borrowed
  const char* text = v && PyUnicode_Check(v) ? PyUnicode_AsUTF8(v) : nullptr;
  return text ? text : "";
}

std::vector<std::string> text_list(PyObject* dict, const char* key) {
  std::vector<std::string> out;
  PyObject* list = PyDict_GetItemString(dict, key);
  for (Py_ssize_t i = 0; list && PyList_Check(list) && i < PyList_Size(list);
       ++i)
    if (const char* t = PyUnicode_AsUTF8(PyList_GetItem(list, i)))
      out.push_back(t);
  return out;
}

std::vector<bool> bool_list(PyObject* dict, const char* key) {
  std::vector<bool> out;
  PyObject* list = PyDict_GetItemString(dict, key);
  for (Py_ssize_t i = 0; list && PyList_Check(list) && i < PyList_Size(list);
       ++i)
    out.push_back(PyObject_IsTrue(PyList_GetItem(list, i)) == 1);
  return out;
}

std::optional<double> number_item(PyObject* dict, const char* key) {
  PyObject* v = PyDict_GetItemString(dict, key);
  if (!v || v == Py_None) return std::nullopt;
  const double d = PyFloat_AsDouble(v);
  if (PyErr_Occurred()) {
    PyErr_Clear();
    return std::nullopt;
  }
  return d;
}

ParamValue param_default(PyObject* spec) {
  PyObject* v = PyDict_GetItemString(spec, "default");
  if (v && PyBool_Check(v)) return v == Py_True;
  if (v && PyLong_Check(v))
    return static_cast<std::int64_t>(PyLong_AsLongLong(v));
  if (v && PyFloat_Check(v)) return PyFloat_AsDouble(v);
  const char* text = v && PyUnicode_Check(v) ? PyUnicode_AsUTF8(v) : nullptr;
  return std::string(text ? text : "");
}

std::vector<ParamSpec> params_of(PyObject* info) {
  std::vector<ParamSpec> out;
  PyObject* list = PyDict_GetItemString(info, "params");
  for (Py_ssize_t i = 0; list && PyList_Check(list) && i < PyList_Size(list);
       ++i) {
    PyObject* spec = PyList_GetItem(list, i);
    out.emplace_back(text_item(spec, "name"), param_default(spec),
                     text_item(spec, "description"), number_item(spec, "min"),
                     number_item(spec, "max"));
  }
  return out;
}

BenchmarkInfo benchmark_info(PyObject* info, const std::string& path) {
  BenchmarkInfo b;
  b.name = text_item(info, "name");
  b.description = text_item(info, "description");
  b.result_name = text_item(info, "result_name");
  b.backends = text_list(info, "backends");
  b.devices = text_list(info, "devices");
  b.dynamic = bool_list(info, "dynamic");
  b.regions = text_list(info, "regions");
  b.params = params_of(info);
  b.make = [path, name = b.name] {
    return std::make_unique<PythonBenchmark>(path, name);
  };
  return b;
}

void add_benchmarks(Plugin& plugin, const std::string& path) {
  PyRef infos(PyObject_CallMethod(Interpreter::get().driver(), "discover", "s",
                                  path.c_str()));
  if (!infos) throw_pending(path);
  for (Py_ssize_t i = 0; i < PyList_Size(infos.get()); ++i)
    plugin.benchmarks.push_back(
        benchmark_info(PyList_GetItem(infos.get(), i), path));
}

// The file's name, .py kept: a plugin name no .so plugin has
// (dynamo_inline.py beside dynamo_inline.so).
std::string file_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

Plugin make_plugin() {
  const char* file = std::getenv("TALLY_PYTHON_BENCHMARK");
  if (!file || !*file)
    throw std::runtime_error(
        "python.so runs the Python benchmark files (.py) of a plugin folder "
        "and has no benchmarks of its own: load a .py file instead");
  Plugin plugin;
  plugin.name = file_name(file);
  plugin.version = "py";
  add_benchmarks(plugin, file);
  return plugin;
}

}  // namespace
}  // namespace tally::python

TALLY_PLUGIN(tally::python::make_plugin)

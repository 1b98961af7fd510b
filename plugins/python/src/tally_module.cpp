#include "tally_module.hpp"

#include <tally/plugin.hpp>

#include <exception>
#include <string_view>

namespace tally::python {
namespace {

Meter* g_meter = nullptr;

// A region name from Python, or nullopt with a TypeError set.
bool region_name(PyObject* arg, std::string_view& out) {
  Py_ssize_t size = 0;
  const char* text = PyUnicode_Check(arg) ? PyUnicode_AsUTF8AndSize(arg, &size)
                                          : nullptr;
  if (!text) {
    if (!PyErr_Occurred())
      PyErr_SetString(PyExc_TypeError, "a region name must be a str");
    return false;
  }
  out = std::string_view(text, static_cast<size_t>(size));
  return true;
}

template <void (Meter::*mark)(std::string_view)>
PyObject* call_meter(PyObject*, PyObject* arg) {
  std::string_view name;
  if (!region_name(arg, name)) return nullptr;
  if (g_meter) {
    try {
      (g_meter->*mark)(name);
    } catch (const std::exception& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
      return nullptr;
    }
  }
  Py_RETURN_NONE;
}

PyMethodDef kMethods[] = {
    {"region_begin", &call_meter<&Meter::begin>, METH_O,
     "Starts counting a region of the cell's meter."},
    {"region_end", &call_meter<&Meter::end>, METH_O,
     "Stops counting a region of the cell's meter."},
    {nullptr, nullptr, 0, nullptr}};

PyModuleDef kModule = {PyModuleDef_HEAD_INIT, "_tally",
                       "tally's meter, as python.so exposes it", -1, kMethods,
                       nullptr, nullptr, nullptr, nullptr};

}  // namespace

PyObject* init_tally_module() { return PyModule_Create(&kModule); }

ActiveMeter::ActiveMeter(Meter& meter) { g_meter = &meter; }
ActiveMeter::~ActiveMeter() { g_meter = nullptr; }

}  // namespace tally::python

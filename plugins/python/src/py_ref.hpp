// An owned reference to a Python object: Py_XDECREF when it goes.
#ifndef TALLY_PYTHON_PY_REF_HPP
#define TALLY_PYTHON_PY_REF_HPP

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <utility>

namespace tally::python {

class PyRef {
 public:
  PyRef() = default;
  /// Takes over a new reference (nullptr allowed: a failed call).
  explicit PyRef(PyObject* owned) : p_(owned) {}
  PyRef(const PyRef&) = delete;
  PyRef& operator=(const PyRef&) = delete;
  PyRef(PyRef&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
  PyRef& operator=(PyRef&& other) noexcept {
    if (this != &other) {
      Py_XDECREF(p_);
      p_ = std::exchange(other.p_, nullptr);
    }
    return *this;
  }
  ~PyRef() { Py_XDECREF(p_); }

  PyObject* get() const { return p_; }
  explicit operator bool() const { return p_ != nullptr; }

 private:
  PyObject* p_ = nullptr;
};

}  // namespace tally::python

#endif  // TALLY_PYTHON_PY_REF_HPP

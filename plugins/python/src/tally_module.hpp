// The built-in module `_tally`: region_begin(name) and region_end(name),
// which tally's Python modules call to mark regions of the cell's meter.
#ifndef TALLY_PYTHON_TALLY_MODULE_HPP
#define TALLY_PYTHON_TALLY_MODULE_HPP

#include "py_ref.hpp"

namespace tally {
class Meter;
}

namespace tally::python {

/// PyImport_AppendInittab's initialiser for `_tally`.
PyObject* init_tally_module();

/// The meter regions go to while work() runs; nullptr outside it, where
/// region calls do nothing (prepare() is not counted).
class ActiveMeter {
 public:
  explicit ActiveMeter(Meter& meter);
  ~ActiveMeter();
  ActiveMeter(const ActiveMeter&) = delete;
  ActiveMeter& operator=(const ActiveMeter&) = delete;
};

}  // namespace tally::python

#endif  // TALLY_PYTHON_TALLY_MODULE_HPP

// One benchmark of a Python file, as tally's Benchmark: every hook calls
// tally's driver (_tally_driver) in the cell's own process.
#ifndef TALLY_PYTHON_PYTHON_BENCHMARK_HPP
#define TALLY_PYTHON_PYTHON_BENCHMARK_HPP

#include <string>
#include <tally/plugin.hpp>

namespace tally::python {

class PythonBenchmark : public Benchmark {
 public:
  PythonBenchmark(std::string path, std::string name)
      : path_(std::move(path)), name_(std::move(name)) {}
  void prepare_once(const Cell& cell) override;
  void prepare() override;
  void work(Meter& meter) override;

 private:
  std::string path_, name_;
};

}  // namespace tally::python

#endif  // TALLY_PYTHON_PYTHON_BENCHMARK_HPP

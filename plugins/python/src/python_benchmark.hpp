// One benchmark of a Python file, as tally's Benchmark: every hook calls
// tally's driver (_tally_driver) in the cell's own process.
#ifndef TALLY_PYTHON_PYTHON_BENCHMARK_HPP
#define TALLY_PYTHON_PYTHON_BENCHMARK_HPP

#include <tally/plugin.hpp>

#include <optional>
#include <string>

namespace tally::python {

/// A benchmark file: a path, or (for those compiled into python.so) a name
/// under which its source runs.
struct BenchmarkFile {
  std::string path;
  std::optional<std::string> source;
};

class PythonBenchmark : public Benchmark {
 public:
  PythonBenchmark(BenchmarkFile file, std::string name)
      : file_(std::move(file)), name_(std::move(name)) {}
  void prepare_once(const Cell& cell) override;
  void prepare() override;
  void work(Meter& meter) override;

 private:
  BenchmarkFile file_;
  std::string name_;
};

}  // namespace tally::python

#endif  // TALLY_PYTHON_PYTHON_BENCHMARK_HPP

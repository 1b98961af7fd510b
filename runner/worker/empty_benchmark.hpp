// A benchmark compiled into tally itself: an empty work() holding an empty
// compile_time region. What the counter reports for it is the harness's own
// cost, which results.json records so users can tell it from real work.
#ifndef TALLY_WORKER_EMPTY_BENCHMARK_HPP
#define TALLY_WORKER_EMPTY_BENCHMARK_HPP

#include "tally/plugin.hpp"

namespace tally {

class EmptyBenchmark final : public Benchmark {
 public:
  void work(Meter& meter) override { Region region(meter, "compile_time"); }
};

}  // namespace tally

#endif  // TALLY_WORKER_EMPTY_BENCHMARK_HPP

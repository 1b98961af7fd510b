// A well-behaved plugin: a loop of known length inside and outside a region.
#include <tally/plugin.hpp>

// Exported and kept out of line so the fidelity test can run the very same
// code under `valgrind --toggle-collect=tally_test_spin`.
extern "C" __attribute__((noinline, visibility("default"))) void
tally_test_spin(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) tally::do_not_optimize(i);
}

namespace {

void spin(std::int64_t n) { tally_test_spin(n); }

class Loop : public tally::Benchmark {
 public:
  void prepare_once(const tally::Cell& cell) override {
    n_ = cell.params.get<std::int64_t>("n");
  }
  void work(tally::Meter& meter) override {
    {
      tally::Region region(meter, "compile_time");
      spin(n_);
    }
    spin(n_);
  }

 private:
  std::int64_t n_ = 0;
};

// Declares compile_time but never enters it: its cells must fail.
class ForgetsRegion : public tally::Benchmark {
 public:
  void work(tally::Meter&) override { spin(10); }
};

// An empty work() and an empty region: what the harness itself costs.
class Empty : public tally::Benchmark {
 public:
  void work(tally::Meter& meter) override {
    tally::Region region(meter, "compile_time");
  }
};

}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "healthy";
  plugin.version = "1.2.3";
  tally::BenchmarkInfo loop;
  loop.name = "healthy_loop";
  loop.description = "spins n times in compile_time, then n times outside";
  loop.backends = {"native"};
  loop.regions = {"compile_time"};
  loop.params = {{"n", std::int64_t{100000}, "loop length", 1, 1e12}};
  loop.make = [] { return std::make_unique<Loop>(); };
  plugin.benchmarks.push_back(loop);

  tally::BenchmarkInfo forgets;
  forgets.name = "healthy_forgets_region";
  forgets.backends = {"native"};
  forgets.regions = {"compile_time"};
  forgets.make = [] { return std::make_unique<ForgetsRegion>(); };
  plugin.benchmarks.push_back(forgets);

  tally::BenchmarkInfo empty;
  empty.name = "healthy_empty";
  empty.backends = {"native"};
  empty.regions = {"compile_time"};
  empty.make = [] { return std::make_unique<Empty>(); };
  plugin.benchmarks.push_back(empty);
  return plugin;
}
TALLY_PLUGIN(make_plugin)

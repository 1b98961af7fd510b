// A loop whose length has a knob: `slowdown_pct` lengthens it by that many
// percent, a planted slowdown of known size for tools/measure-verdicts.
#include <tally/plugin.hpp>

namespace {

class KnobSpin : public tally::Benchmark {
 public:
  void prepare_once(const tally::Cell& cell) override {
    const auto n = cell.params.get<std::int64_t>("n");
    const auto slowdown = cell.params.get<double>("slowdown_pct");
    length_ = static_cast<std::int64_t>(static_cast<double>(n) *
                                        (1 + slowdown / 100));
  }
  void work(tally::Meter&) override {
    for (std::int64_t i = 0; i < length_; ++i) tally::do_not_optimize(i);
  }

 private:
  std::int64_t length_ = 0;
};

}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "knob";
  plugin.version = "1.0.0";
  tally::BenchmarkInfo spin;
  spin.name = "knob_spin";
  spin.description = "spins n·(1 + slowdown_pct/100) times";
  spin.backends = {"native"};
  spin.params = {{"n", std::int64_t{1000000}, "loop length", 1, 1e12},
                 {"slowdown_pct", 0.0, "percent added to the loop", 0, 1000}};
  spin.make = [] { return std::make_unique<KnobSpin>(); };
  plugin.benchmarks.push_back(spin);
  return plugin;
}

TALLY_PLUGIN(make_plugin)

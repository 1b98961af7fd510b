#include "float_args/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::float_args {
namespace {

using libtorch::Stack;

// f(x, y) = x + y, called `calls` times with randn(size) and y = i * step.
class FloatArgs : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    const auto calls = setup.cell.params.get<std::int64_t>("calls");
    const auto size = setup.cell.params.get<std::int64_t>("size");
    const auto step = setup.cell.params.get<double>("step");
    std::vector<Stack> out;
    for (std::int64_t i = 0; i < calls; ++i)
      out.push_back(
          {at::randn({size}, at::TensorOptions().device(setup.device)),
           static_cast<double>(i) * step});
    return out;
  }

  Stack forward(const Stack& inputs) override {
    return {inputs[0].toTensor() + inputs[1].toDouble()};
  }

  libtorch::Scripted script() override {
    return libtorch::script_function(
        "def forward(x, y: float):\n    return x + y\n", "forward");
  }
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "float_args",
      "PyTorch's float_args (recompilation on float arguments): f(x, y) = "
      "x + y called `calls` times with randn(size) and y = i * step. trace "
      "bakes y, so each new value retraces and recompiles (as Dynamo "
      "specialises floats); script compiles once with y a float argument; "
      "jit traces, profiles and optimises once per value. No nnc: a single "
      "add forms no fusion group.",
      {"eager", "trace", "script", "jit"}, {false},
      {{"calls", std::int64_t{8}, "calls, each with a new float", 1},
       {"size", std::int64_t{3}, "length of x", 1},
       {"step", 2.5, "y of call i is i * step"}},
      [] { return std::make_unique<FloatArgs>(); })};
}

}  // namespace tally::plugins::float_args

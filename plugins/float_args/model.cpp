#include "float_args/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::float_args {
namespace {

using libtorch::Stack;

// f(x, y) = x + y, called `calls` times with arange(size) (int64) and
// y = i * step.
class FloatArgs : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    const auto calls = setup.cell.params.get<std::int64_t>("calls");
    const auto size = setup.cell.params.get<std::int64_t>("size");
    const auto step = setup.cell.params.get<double>("step");
    std::vector<Stack> out;
    for (std::int64_t i = 0; i < calls; ++i)
      out.push_back(
          {at::arange(
               size, at::TensorOptions().device(setup.device).dtype(at::kLong)),
           static_cast<double>(i) * step});
    return out;
  }

  Stack forward(const Stack& inputs) override {
    // y is a float, or a 0-dim float64 tensor once the trace made it an
    // input. A float promotes an int64 x to the default dtype, a 0-dim
    // float64 tensor to float64: x is converted first so both give what
    // Python's x + y gives.
    const at::Tensor& x = inputs[0].toTensor();
    if (!inputs[1].isTensor()) return {x + inputs[1].toDouble()};
    return {x.to(at::result_type(x, c10::Scalar(1.0))) + inputs[1].toTensor()};
  }

  libtorch::Scripted script() override {
    return libtorch::script_function(
        "def forward(x, y: float):\n    return x + y\n", "forward");
  }
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_float_args",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's float_args benchmark: f(x, y) = x + y called "
      "`calls` times with arange(size) (int64) and y = i * step. Dynamo "
      "specialises y on the first call and makes it dynamic once it changes, "
      "so it compiles twice; trace likewise bakes y into its first graph, then "
      "traces once more with y as a 0-dim float64 tensor input that every "
      "later call reuses; jit does the same with a profiled, optimised plan "
      "each time; script compiles once with y a float argument (dynamic from "
      "the start). No nnc: a single add forms no fusion group.",
      {"eager", "trace", "script", "jit"}, {false},
      {{"calls", std::int64_t{8}, "calls, y = i * step in call i", 1},
       {"size", std::int64_t{3}, "length of x", 1},
       {"step", 2.5, "y of call i is i * step"}},
      [] { return std::make_unique<FloatArgs>(); })};
}

}  // namespace tally::plugins::float_args

#include "sum_floordiv/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::sum_floordiv {
namespace {

using libtorch::Stack;

// forward(x) = sum(t.item() for t in x) // 2 over `n` scalar tensors i + 2.
class SumFloordiv : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    const auto n = setup.cell.params.get<std::int64_t>("n");
    auto options = at::TensorOptions().device(setup.device).dtype(at::kLong);
    std::vector<at::Tensor> xs;
    for (std::int64_t i = 0; i < n; ++i)
      xs.push_back(at::scalar_tensor(i + 2, options));
    source_ = "def forward(x: List[Tensor]) -> int:\n    total = 0\n";
    for (std::int64_t i = 0; i < n; ++i)
      source_ +=
          "    total = total + int(x[" + std::to_string(i) + "].item())\n";
    source_ += "    return total // 2\n";
    return {{c10::IValue(std::move(xs))}};
  }

  Stack forward(const Stack& inputs) override {
    std::int64_t total = 0;
    for (const at::Tensor& t : inputs[0].toTensorVector())
      total += t.item<std::int64_t>();
    return {total / 2};
  }

  // The generator unrolled, as Dynamo captures it.
  libtorch::Scripted script() override {
    return libtorch::script_function(source_, "forward");
  }

  libtorch::Capture jit_capture() const override {
    return libtorch::Capture::kScript;
  }

 private:
  std::string source_;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_sum_floordiv_regression",
      "Measures LibTorch's TorchScript path (not torch.export) on the workload "
      "of PyTorch's sum_floordiv benchmark (an export): sum(t.item() for t in "
      "x) // 2 over `n` scalar tensors i + 2, an int result. script compiles "
      "the unrolled sum; jit profiles and optimises that script. No trace (a "
      "trace cannot return an int; item() would be baked) and no nnc (no "
      "tensor op to fuse).",
      {"eager", "script", "jit"}, {false},
      {{"n", std::int64_t{100}, "number of scalar tensors", 1}},
      [] { return std::make_unique<SumFloordiv>(); })};
}

}  // namespace tally::plugins::sum_floordiv

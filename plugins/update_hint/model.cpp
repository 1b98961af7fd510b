#include "update_hint/model.hpp"

#include <stdexcept>
#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::update_hint {
namespace {

using libtorch::Stack;

// f(a, b): xs = b.tolist(); check 0 <= x <= n for each; a.split(xs).
class UpdateHint : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    n_ = setup.cell.params.get<std::int64_t>("n");
    auto options = at::TensorOptions().device(setup.device);
    at::Tensor splits = at::randint(10, {n_}, options.dtype(at::kLong));
    at::Tensor input = at::randn({splits.sum().item<std::int64_t>()}, options);
    return {{input, splits}};
  }

  Stack forward(const Stack& inputs) override {
    const at::Tensor& b = inputs[1].toTensor();
    std::vector<std::int64_t> xs;  // b.tolist()
    for (std::int64_t i = 0; i < b.size(0); ++i)
      xs.push_back(b[i].item<std::int64_t>());
    for (std::int64_t x : xs)
      if (x < 0 || x > n_) throw std::runtime_error("split size out of range");
    return {c10::IValue(inputs[0].toTensor().split_with_sizes(xs))};
  }

  // The checks unrolled over the n items, as Dynamo unrolls them into n
  // unbacked SymInts with their checks: the compile grows with n. The
  // sizes stay data-dependent.
  libtorch::Scripted script() override {
    std::string src =
        "def forward(a, b):\n"
        "    xs: List[int] = b.tolist()\n";
    for (std::int64_t i = 0; i < n_; ++i) {
      const std::string x = "xs[" + std::to_string(i) + "]";
      src += "    assert " + x + " >= 0\n    assert " + x +
             " <= " + std::to_string(n_) + "\n";
    }
    src += "    return a.split_with_sizes(xs)\n";
    return libtorch::script_function(src, "forward");
  }

  libtorch::Capture jit_capture() const override {
    return libtorch::Capture::kScript;
  }

 private:
  std::int64_t n_ = 0;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_update_hint_regression",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's update_hint benchmark: splits = randint(10, (n,)) "
      "(seed 0), input = randn(splits.sum()); xs = splits.tolist(), each "
      "checked 0 <= x <= n, input.split(xs). trace bakes the split sizes; "
      "script keeps them data-dependent (the unbacked-size case), with the "
      "checks unrolled over the n items as Dynamo unrolls them, so its compile "
      "grows with n; jit profiles and optimises that script. No nnc: no tensor "
      "op to fuse.",
      {"eager", "trace", "script", "jit"}, {false},
      {{"n", std::int64_t{20},
        "number of splits and the bound each is checked against (splits "
        "are below 10, so at least 9)",
        9}},
      [] { return std::make_unique<UpdateHint>(); })};
}

}  // namespace tally::plugins::update_hint

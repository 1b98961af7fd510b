#include "mm_loop/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::mm_loop {
namespace {

using libtorch::Stack;

// z = mm(a, b), then n times z = mm(z, b).
class MmLoop : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    n_ = setup.cell.params.get<std::int64_t>("n");
    const auto size = setup.cell.params.get<std::int64_t>("size");
    source_ = script_source();
    auto options = at::TensorOptions().device(setup.device);
    at::Tensor b = at::ones({size, size}, options);
    std::vector<Stack> calls = {{at::ones({size, size}, options), b}};
    if (setup.cell.dynamic) {
      const auto rows = setup.cell.params.get<std::int64_t>("dynamic_rows");
      calls.push_back({at::ones({rows, size}, options), b});
    }
    return calls;
  }

  Stack forward(const Stack& inputs) override {
    const at::Tensor& b = inputs[1].toTensor();
    at::Tensor z = at::mm(inputs[0].toTensor(), b);
    for (std::int64_t i = 0; i < n_; ++i) z = at::mm(z, b);
    return {z};
  }

  // The loop unrolled, as Dynamo captures it.
  libtorch::Scripted script() override {
    return libtorch::script_function(source_, "forward");
  }

 private:
  std::string script_source() const {
    std::string src = "def forward(a, b):\n    z = torch.mm(a, b)\n";
    for (std::int64_t i = 0; i < n_; ++i) src += "    z = torch.mm(z, b)\n";
    return src + "    return z\n";
  }

  std::int64_t n_ = 0;
  std::string source_;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_mm_loop",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's mm_loop benchmark: z = mm(a, b), then n times z = "
      "mm(z, b), on ones(size, size) (values overflow to inf as in PyTorch). "
      "dynamic (jit): a second call with dynamic_rows rows. No nnc: the fuser "
      "leaves mm to ATen, so it finds nothing to fuse and nnc would count what "
      "jit counts. Max-autotune has no LibTorch counterpart.",
      {"eager", "trace", "script", "jit"}, {false, true},
      {{"n", std::int64_t{200}, "mm calls after the first", 0},
       {"size", std::int64_t{10}, "a and b are size x size", 1},
       {"dynamic_rows", std::int64_t{15},
        "rows of a in the second call when dynamic", 1}},
      [] { return std::make_unique<MmLoop>(); })};
}

}  // namespace tally::plugins::mm_loop

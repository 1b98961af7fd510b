#include "dynamo_inline/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::dynamo_inline {
namespace {

using libtorch::Stack;

// fn(x) = x + 1 and fn<k>(x) = fn<k-1>(x): a call chain `depth` deep whose
// end is one add. Kept as real calls; the tracer sees only the add.
__attribute__((noinline)) at::Tensor chain(const at::Tensor& x, int level) {
  if (level == 0) return x + 1;
  return chain(x, level - 1);
}

class InlineMod : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    n_ = setup.cell.params.get<std::int64_t>("n");
    depth_ = setup.cell.params.get<int>("depth");
    source_ = script_source();
    return {{at::ones({10}, at::TensorOptions().device(setup.device))}};
  }

  Stack forward(const Stack& inputs) override {
    at::Tensor x = inputs[0].toTensor();
    for (std::int64_t i = 0; i < n_; ++i) x = chain(x, depth_ - 1);
    return {x};
  }

  // Separate TorchScript functions fn..fn<depth-1>, and the loop unrolled
  // into n call sites as Dynamo unrolls it: the frontend inlines each one.
  libtorch::Scripted script() override {
    return libtorch::script_function(source_, "forward");
  }

 private:
  std::string script_source() const {
    std::string src = "def fn(x):\n    return x + 1\n";
    std::string prev = "fn";
    for (int k = 1; k < depth_; ++k) {
      std::string name = "fn" + std::to_string(k);
      src += "def " + name + "(x):\n    return " + prev + "(x)\n";
      prev = name;
    }
    src += "def forward(x):\n";
    for (std::int64_t i = 0; i < n_; ++i) src += "    x = " + prev + "(x)\n";
    src += "    return x\n";
    return src;
  }

  std::int64_t n_ = 0;
  int depth_ = 1;
  std::string source_;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_basic_InlineMod",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's dynamo_inline benchmark: forward loops n times x "
      "= fn9(x), a call chain `depth` deep ending in x + 1, on ones(10). trace "
      "records n adds (C++ calls leave no trace); script compiles fn..fn9 as "
      "TorchScript functions and n unrolled call sites, inlining every chain; "
      "jit/nnc trace, then profile and optimise (nnc fuses the n adds, IR "
      "evaluator without LLVM).",
      {"eager", "trace", "script", "jit", "nnc"}, {false},
      {{"n", std::int64_t{1000}, "loop count: calls of the chain", 1},
       {"depth", std::int64_t{10}, "depth of the call chain fn9..fn", 1}},
      [] { return std::make_unique<InlineMod>(); })};
}

}  // namespace tally::plugins::dynamo_inline

#include "deep_nested_module/model.hpp"

#include <cmath>
#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::deep_nested_module {
namespace {

using libtorch::Stack;

constexpr std::int64_t kFeatures = 10;

// DeepNestedModule(depth): a child DeepNestedModule(depth - 1) (none at 0)
// and a Linear(10, 10); forward: x = child(x) if depth > 0; linear(x).
class DeepNestedModule : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    depth_ = setup.cell.params.get<int>("depth");
    auto options = at::TensorOptions().device(setup.device);
    const double bound = 1.0 / std::sqrt(static_cast<double>(kFeatures));
    // Input, then weight and bias of level 0 (innermost) .. depth; they
    // require grad as nn.Linear's do, so the trace takes them as inputs.
    Stack inputs = {at::ones({1, kFeatures}, options)};
    for (int level = 0; level <= depth_; ++level) {
      inputs.push_back((at::rand({kFeatures, kFeatures}, options) * 2 - 1)
                           .mul_(bound)
                           .requires_grad_());
      inputs.push_back((at::rand({kFeatures}, options) * 2 - 1)
                           .mul_(bound)
                           .requires_grad_());
    }
    weights_.assign(inputs.begin() + 1, inputs.end());
    return {inputs};
  }

  Stack forward(const Stack& inputs) override {
    return {level(inputs, inputs[0].toTensor(), depth_)};
  }

  // One module type per level (each has a different child type) sharing
  // one Linear type.
  libtorch::Scripted script() override {
    libtorch::ModuleFactory factory;
    torch::jit::Module child;
    for (int level = 0; level <= depth_; ++level) {
      auto linear = factory.make(
          "Linear",
          [&](torch::jit::Module& m) {
            m.register_parameter("weight", weights_[2 * level].toTensor(),
                                 false);
            m.register_parameter("bias", weights_[2 * level + 1].toTensor(),
                                 false);
          },
          "def forward(self, x):\n"
          "    return torch.linear(x, self.weight, self.bias)\n");
      child = factory.make(
          "DeepNestedModule" + std::to_string(level),
          [&](torch::jit::Module& m) {
            if (level > 0) m.register_module("child", child);
            m.register_module("linear", linear);
          },
          level > 0 ? "def forward(self, x):\n"
                      "    x = self.child.forward(x)\n"
                      "    return self.linear.forward(x)\n"
                    : "def forward(self, x):\n"
                      "    return self.linear.forward(x)\n");
    }
    auto scripted = libtorch::script_method(child);
    scripted.num_inputs = 1;
    return scripted;
  }

 private:
  __attribute__((noinline)) at::Tensor level(const Stack& inputs, at::Tensor x,
                                             int depth) const {
    if (depth > 0) x = level(inputs, x, depth - 1);
    return at::linear(x, inputs[1 + 2 * depth].toTensor(),
                      inputs[2 + 2 * depth].toTensor());
  }

  int depth_ = 0;
  Stack weights_;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_deep_nested_module",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's deep_nested_module benchmark: a chain of `depth` "
      "nested modules, each with a child and a Linear(10, 10), on ones(1, 10); "
      "parameters require grad. trace records depth + 1 linears (parameters as "
      "inputs); script builds and compiles one module type per level; jit "
      "traces, profiles and optimises. No nnc: the graph is linears only, "
      "which the fuser leaves to ATen, so nnc would count what jit counts.",
      {"eager", "trace", "script", "jit"}, {false},
      {{"depth", std::int64_t{40}, "nesting depth", 0}},
      [] { return std::make_unique<DeepNestedModule>(); })};
}

}  // namespace tally::plugins::deep_nested_module

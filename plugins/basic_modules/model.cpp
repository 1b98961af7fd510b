#include "basic_modules/model.hpp"

#include <cmath>
#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::basic_modules {
namespace {

using libtorch::Stack;

constexpr const char* kLinearSource =
    "def forward(self, x):\n"
    "    return torch.linear(x, self.weight, self.bias)\n";

// ListOfLinears: `count` Linear(features, features); forward over i:
// x = linears[i // 2](x) + linears[i](x).
class ListOfLinears : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    count_ = setup.cell.params.get<std::int64_t>("count");
    const auto features = setup.cell.params.get<std::int64_t>("features");
    auto options = at::TensorOptions().device(setup.device);
    // nn.Linear's initialisation; parameters require grad as in PyTorch, so
    // the trace takes them as inputs (Dynamo lifts them likewise).
    const double bound = 1.0 / std::sqrt(static_cast<double>(features));
    Stack inputs = {at::ones({features}, options)};
    for (std::int64_t i = 0; i < count_; ++i) {
      inputs.push_back((at::rand({features, features}, options) * 2 - 1)
                           .mul_(bound)
                           .requires_grad_());
      inputs.push_back(
          (at::rand({features}, options) * 2 - 1).mul_(bound).requires_grad_());
    }
    weights_.assign(inputs.begin() + 1, inputs.end());
    source_ = "def forward(self, x):\n";
    for (std::int64_t i = 0; i < count_; ++i)
      source_ += "    x = self.l" + std::to_string(i / 2) +
                 ".forward(x) + self.l" + std::to_string(i) + ".forward(x)\n";
    source_ += "    return x\n";
    return {inputs};
  }

  Stack forward(const Stack& inputs) override {
    at::Tensor x = inputs[0].toTensor();
    auto linear = [&](std::int64_t i) {
      return at::linear(x, inputs[1 + 2 * i].toTensor(),
                        inputs[2 + 2 * i].toTensor());
    };
    for (std::int64_t i = 0; i < count_; ++i) x = linear(i / 2) + linear(i);
    return {x};
  }

  // A scripted module holding `count` scripted Linear modules.
  libtorch::Scripted script() override {
    libtorch::ModuleFactory factory;
    std::vector<torch::jit::Module> linears;
    for (std::int64_t i = 0; i < count_; ++i) {
      linears.push_back(factory.make(
          "Linear",
          [&](torch::jit::Module& m) {
            m.register_parameter("weight", weights_[2 * i].toTensor(), false);
            m.register_parameter("bias", weights_[2 * i + 1].toTensor(), false);
          },
          kLinearSource));
    }
    auto top = factory.make(
        "ListOfLinears",
        [&](torch::jit::Module& m) {
          for (std::int64_t i = 0; i < count_; ++i)
            m.register_module("l" + std::to_string(i), linears[i]);
        },
        source_);
    auto scripted = libtorch::script_method(top);
    scripted.num_inputs = 1;
    return scripted;
  }

 private:
  std::int64_t count_ = 0;
  Stack weights_;
  std::string source_;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_basic_modules_ListOfLinears",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's basic_modules ListOfLinears benchmark: `count` "
      "Linear(features, features), x = linears[i // 2](x) + linears[i](x) for "
      "each i, on ones(features); parameters require grad. trace takes the "
      "parameters as inputs; script builds and compiles the module tree (one "
      "Linear type); jit traces, profiles and optimises (autodiff subgraphs, "
      "as the parameters require grad). No nnc: the fuser leaves linear to "
      "ATen and each add stands alone, so it finds no group and nnc would "
      "count what jit counts.",
      {"eager", "trace", "script", "jit"}, {false},
      {{"count", std::int64_t{20}, "number of Linear modules", 1},
       {"features", std::int64_t{10}, "in and out features of each", 1}},
      [] { return std::make_unique<ListOfLinears>(); })};
}

}  // namespace tally::plugins::basic_modules

#include "nested_module/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::nested_module {
namespace {

using libtorch::Stack;

// NestedModule(depth): relu_a, relu_b, a Sequential of `width` children
// (NestedModule(depth - 1), or ReLU at depth 0) and a = 2;
// forward: x = relu_a(x); x = x + sub_mods(x); return x + relu_b(x) + a.
class NestedModule : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    depth_ = setup.cell.params.get<int>("depth");
    width_ = setup.cell.params.get<int>("width");
    return {{at::ones({10}, at::TensorOptions().device(setup.device))}};
  }

  Stack forward(const Stack& inputs) override {
    return {nested(inputs[0].toTensor(), depth_)};
  }

  // The module tree built and compiled as torch.jit.script would: one type
  // for ReLU and one NestedModule and Sequential type per depth.
  libtorch::Scripted script() override {
    libtorch::ModuleFactory factory;
    return libtorch::script_method(make(factory, depth_));
  }

 private:
  at::Tensor nested(at::Tensor x, int depth) const {
    x = at::relu(x);
    at::Tensor sub = x;
    for (int i = 0; i < width_; ++i)
      sub = depth > 0 ? nested(sub, depth - 1) : at::relu(sub);
    x = x + sub;
    return x + at::relu(x) + 2;
  }

  torch::jit::Module relu(libtorch::ModuleFactory& factory) const {
    return factory.make(
        "ReLU", [](torch::jit::Module&) {},
        "def forward(self, x):\n    return torch.relu(x)\n");
  }

  torch::jit::Module make(libtorch::ModuleFactory& factory, int depth) const {
    std::string seq_source = "def forward(self, x):\n";
    for (int i = 0; i < width_; ++i)
      seq_source += "    x = self.m" + std::to_string(i) + ".forward(x)\n";
    seq_source += "    return x\n";
    auto sub_mods = factory.make(
        "Sequential" + std::to_string(depth),
        [&](torch::jit::Module& m) {
          for (int i = 0; i < width_; ++i)
            m.register_module(
                "m" + std::to_string(i),
                depth > 0 ? make(factory, depth - 1) : relu(factory));
        },
        seq_source);
    return factory.make(
        "NestedModule" + std::to_string(depth),
        [&](torch::jit::Module& m) {
          m.register_module("relu_a", relu(factory));
          m.register_module("relu_b", relu(factory));
          m.register_module("sub_mods", sub_mods);
          m.register_attribute("a", c10::IntType::get(), 2);
        },
        "def forward(self, x):\n"
        "    x = self.relu_a.forward(x)\n"
        "    x = x + self.sub_mods.forward(x)\n"
        "    return x + self.relu_b.forward(x) + self.a\n");
  }

  int depth_ = 0, width_ = 0;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_basic_NestedModule",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's nested_module benchmark: NestedModule of `depth` "
      "levels, each with relu_a, relu_b, a Sequential of `width` children "
      "(ReLU leaves) and a = 2, on ones(10) (values overflow to inf at the "
      "default size, as in PyTorch). trace records the ops only; script builds "
      "and compiles the module tree; jit traces, profiles and optimises. No "
      "nnc: NNC inlines every intermediate and this graph uses each value "
      "twice per level, so the fused expression grows exponentially (depth 1: "
      "width 2 takes 5 s, width 3 over 100 s; the default size never "
      "finishes).",
      {"eager", "trace", "script", "jit"}, {false},
      {{"depth", std::int64_t{3}, "nesting depth", 0},
       {"width", std::int64_t{4}, "children per level", 1}},
      [] { return std::make_unique<NestedModule>(); })};
}

}  // namespace tally::plugins::nested_module

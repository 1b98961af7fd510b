#include "aotdispatcher_partitioner/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::aotdispatcher_partitioner {
namespace {

using libtorch::Stack;

// f(inp, *weights): x = inp; for w in weights: x = matmul(w, x).sin().sin().
class Partitioner : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    const auto count = setup.cell.params.get<std::int64_t>("weights");
    const auto size = setup.cell.params.get<std::int64_t>("size");
    auto options = at::TensorOptions().device(setup.device);
    Stack args;
    for (std::int64_t i = 0; i < count; ++i)
      args.push_back(at::randn({size, size}, options).requires_grad_());
    args.insert(args.begin(), at::randn({size, size}, options));
    source_ = "def forward(inp";
    for (std::int64_t i = 0; i < count; ++i)
      source_ += ", w" + std::to_string(i);
    source_ += "):\n    x = inp\n";
    for (std::int64_t i = 0; i < count; ++i)
      source_ +=
          "    x = torch.matmul(w" + std::to_string(i) + ", x).sin().sin()\n";
    source_ += "    return x\n";
    return {args};
  }

  Stack forward(const Stack& inputs) override {
    at::Tensor x = inputs[0].toTensor();
    for (size_t i = 1; i < inputs.size(); ++i)
      x = at::matmul(inputs[i].toTensor(), x).sin().sin();
    return {x};
  }

  // The loop unrolled, as Dynamo captures it.
  libtorch::Scripted script() override {
    return libtorch::script_function(source_, "forward");
  }

  bool training() const override { return true; }

 private:
  std::string source_;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_aotdispatcher_partitioner",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's aotdispatcher_partitioner benchmark (training): "
      "one input randn(size, size) and `weights` weights randn(size, size) "
      "requiring grad; x = matmul(w, x).sin().sin() per weight. LibTorch has "
      "no min-cut partitioner: jit builds the differentiable graph (forward "
      "and symbolic backward, autodiff) while optimising, inside compile_time; "
      "every backend then runs the backward of the output's sum. No nnc: the "
      "fuser forms no group inside a differentiable graph, so the sin pairs "
      "stay apart and nnc would count what jit counts.",
      {"eager", "trace", "script", "jit"}, {false},
      {{"weights", std::int64_t{100}, "number of weights", 1},
       {"size", std::int64_t{16}, "weights and input are size x size", 1}},
      [] { return std::make_unique<Partitioner>(); })};
}

}  // namespace tally::plugins::aotdispatcher_partitioner

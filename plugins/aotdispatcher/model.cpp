#include "aotdispatcher/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::aotdispatcher {
namespace {

using libtorch::Stack;

// f(*args) = [x + x for x in args] over `inputs` tensors ones(size).
class AddEach : public libtorch::Model {
 public:
  explicit AddEach(bool training) : training_(training) {}

  std::vector<Stack> build(const libtorch::Setup& setup) override {
    const auto count = setup.cell.params.get<std::int64_t>("inputs");
    const auto size = setup.cell.params.get<std::int64_t>("size");
    auto options = at::TensorOptions().device(setup.device);
    Stack args;
    for (std::int64_t i = 0; i < count; ++i)
      args.push_back(at::ones({size}, options).requires_grad_(training_));
    std::string params, outs;
    for (std::int64_t i = 0; i < count; ++i) {
      const std::string x = "x" + std::to_string(i);
      params += (i ? ", " : "") + x;
      outs += (i ? ", " : "") + ("torch.add(" + x + ", " + x + ")");
    }
    source_ = "def forward(" + params + "):\n    return [" + outs + "]\n";
    return {args};
  }

  Stack forward(const Stack& inputs) override {
    std::vector<at::Tensor> outs;
    outs.reserve(inputs.size());
    for (const auto& x : inputs)
      outs.push_back(at::add(x.toTensor(), x.toTensor()));
    return {c10::IValue(std::move(outs))};
  }

  libtorch::Scripted script() override {
    return libtorch::script_function(source_, "forward");
  }

  bool training() const override { return training_; }

 private:
  bool training_;
  std::string source_;
};

tally::BenchmarkInfo info(bool training) {
  return libtorch::model_benchmark(
      training ? "libtorch_aotdispatcher_training"
               : "libtorch_aotdispatcher_inference",
      std::string(
          "Measures LibTorch's TorchScript path (not torch.compile) on the "
          "workload of PyTorch's aotdispatcher benchmark (") +
          (training ? "training" : "inference") +
          ", no subclass): `inputs` tensors ones(size)" +
          (training ? " requiring grad" : "") +
          ", returns [x + x for x in args]. " +
          (training
               ? "LibTorch's counterpart of AOT autograd is the profiling "
                 "executor's autodiff: jit builds a differentiable graph "
                 "(forward and symbolic backward) for each add while "
                 "optimising (subgraph inlining off, as AOT autograd keeps "
                 "any size), inside compile_time; every backend then runs "
                 "the backward of the outputs' sum, counted in "
                 "instruction_count. "
               : "") +
          "No nnc: each add stands alone, so the fuser finds no group of "
          "two and nnc would count what jit counts. Tensor subclasses "
          "(TwoTensor) have no LibTorch counterpart.",
      {"eager", "trace", "script", "jit"}, {false},
      {{"inputs", std::int64_t{100}, "number of input tensors", 1},
       {"size", std::int64_t{100}, "length of each", 1}},
      [training] { return std::make_unique<AddEach>(training); });
}

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {info(false), info(true)};
}

}  // namespace tally::plugins::aotdispatcher

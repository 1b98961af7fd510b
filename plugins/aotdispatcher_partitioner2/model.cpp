#include "aotdispatcher_partitioner2/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::aotdispatcher_partitioner2 {
namespace {

using libtorch::Stack;

// tmps = [x + i]; tmps = [x + t]; then for i < len - 4:
// tmps[i] = tmps[i].sin().mul(tmps[i]); tmps[i + 1..i + 3] -= tmps[i];
// return sum(tmps).
class ParallelChains : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    count_ = setup.cell.params.get<int>("tmps");
    const auto size = setup.cell.params.get<std::int64_t>("size");
    source_ = script_source();
    return {{at::randn({size, size}, at::TensorOptions().device(setup.device))
                 .requires_grad_()}};
  }

  Stack forward(const Stack& inputs) override {
    const at::Tensor& x = inputs[0].toTensor();
    std::vector<at::Tensor> tmps;
    for (int i = 0; i < count_; ++i) tmps.push_back(x + i);
    for (auto& t : tmps) t = x + t;
    for (int i = 0; i + 4 < count_; ++i) {
      tmps[i] = tmps[i].sin().mul(tmps[i]);
      tmps[i + 1].sub_(tmps[i]);
      tmps[i + 2].sub_(tmps[i]);
      tmps[i + 3].sub_(tmps[i]);
    }
    at::Tensor total = tmps[0] + 0;  // Python's sum() starts from 0
    for (int i = 1; i < count_; ++i) total = total + tmps[i];
    return {total};
  }

  // The loops unrolled, as Dynamo captures them.
  libtorch::Scripted script() override {
    return libtorch::script_function(source_, "forward");
  }

  bool training() const override { return true; }

 private:
  std::string script_source() const {
    auto t = [](int i) { return "t" + std::to_string(i); };
    std::string src = "def forward(x):\n";
    for (int i = 0; i < count_; ++i)
      src += "    " + t(i) + " = x + " + std::to_string(i) + "\n";
    for (int i = 0; i < count_; ++i)
      src += "    " + t(i) + " = x + " + t(i) + "\n";
    for (int i = 0; i + 4 < count_; ++i) {
      src += "    " + t(i) + " = " + t(i) + ".sin().mul(" + t(i) + ")\n";
      for (int k = 1; k <= 3; ++k)
        src += "    " + t(i + k) + " -= " + t(i) + "\n";
    }
    src += "    total = " + t(0) + " + 0\n";
    for (int i = 1; i < count_; ++i)
      src += "    total = total + " + t(i) + "\n";
    return src + "    return total\n";
  }

  int count_ = 0;
  std::string source_;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_aotdispatcher_partitioner2",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's aotdispatcher_partitioner2 benchmark (training, "
      "many parallel use chains): x = randn(size, size) requiring grad, `tmps` "
      "temporaries x + i, then x + tmp, rounds of tmps[i] = sin(tmps[i]) * "
      "tmps[i] and tmps[i + 1..i + 3] -= tmps[i], summed. jit builds the "
      "differentiable graph (forward and symbolic backward) while optimising, "
      "inside compile_time; every backend then runs the backward of the sum. "
      "No nnc: the fuser forms no group inside a differentiable graph, so nnc "
      "would count what jit counts.",
      {"eager", "trace", "script", "jit"}, {false},
      {{"tmps", std::int64_t{16}, "number of temporaries", 4},
       {"size", std::int64_t{4}, "x is size x size", 1}},
      [] { return std::make_unique<ParallelChains>(); })};
}

}  // namespace tally::plugins::aotdispatcher_partitioner2

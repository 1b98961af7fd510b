#include "symint_sum/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::symint_sum {
namespace {

using libtorch::Stack;

// f(a): xs = a.tolist(); y = sum(xs) (or a loop adding each); tensor(y).
class SymintSum : public libtorch::Model {
 public:
  explicit SymintSum(bool loop) : loop_(loop) {}

  std::vector<Stack> build(const libtorch::Setup& setup) override {
    const auto n = setup.cell.params.get<std::int64_t>("n");
    return {{at::randint(
        10, {n}, at::TensorOptions().device(setup.device).dtype(at::kLong))}};
  }

  Stack forward(const Stack& inputs) override {
    const at::Tensor& a = inputs[0].toTensor();
    std::vector<std::int64_t> xs;  // a.tolist()
    for (std::int64_t i = 0; i < a.size(0); ++i)
      xs.push_back(a[i].item<std::int64_t>());
    std::int64_t y = 0;
    for (std::int64_t x : xs) y += x;
    return {at::scalar_tensor(y, a.options())};
  }

  // tolist() and the sum stay data-dependent in TorchScript.
  libtorch::Scripted script() override {
    return libtorch::script_function(
        std::string("def forward(a):\n"
                    "    xs: List[int] = a.tolist()\n") +
            (loop_ ? "    y = 0\n"
                     "    for i in xs:\n"
                     "        y += i\n"
                   : "    y = sum(xs)\n") +
            "    return torch.scalar_tensor(y, dtype=a.dtype, "
            "device=a.device)\n",
        "forward");
  }

  libtorch::Capture jit_capture() const override {
    return libtorch::Capture::kScript;
  }

 private:
  bool loop_;
};

tally::BenchmarkInfo info(bool loop) {
  return libtorch::model_benchmark(
      loop ? "symint_sum_loop" : "symint_sum",
      std::string("PyTorch's symint_sum") + (loop ? " (loop)" : "") +
          ": xs = a.tolist() of randint(10, (n,)) (seed 0), y = " +
          (loop ? "a loop adding each x" : "sum(xs)") +
          ", tensor(y). trace records n element reads and bakes y; script "
          "keeps tolist and the sum data-dependent; jit profiles and "
          "optimises that script. No nnc: no tensor op to fuse.",
      {"eager", "trace", "script", "jit"}, {false},
      {{"n", std::int64_t{200}, "length of a", 1}},
      [loop] { return std::make_unique<SymintSum>(loop); });
}

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {info(false), info(true)};
}

}  // namespace tally::plugins::symint_sum

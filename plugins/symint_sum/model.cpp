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
    n_ = setup.cell.params.get<std::int64_t>("n");
    return {{at::randint(
        10, {n_}, at::TensorOptions().device(setup.device).dtype(at::kLong))}};
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

  // Unrolled over the n items, as Dynamo unrolls them into n unbacked
  // SymInts: the graph, and so its compile, grows with n. The items stay
  // data-dependent (read with tolist() on each call).
  libtorch::Scripted script() override {
    std::string src =
        "def forward(a):\n"
        "    xs: List[int] = a.tolist()\n";
    if (loop_) {
      src += "    y = 0\n";
      for (std::int64_t i = 0; i < n_; ++i)
        src += "    y += xs[" + std::to_string(i) + "]\n";
    } else {
      src += "    y = sum([";
      for (std::int64_t i = 0; i < n_; ++i)
        src += (i ? ", xs[" : "xs[") + std::to_string(i) + "]";
      src += "])\n";
    }
    src +=
        "    return torch.scalar_tensor(y, dtype=a.dtype, device=a.device)\n";
    return libtorch::script_function(src, "forward");
  }

  libtorch::Capture jit_capture() const override {
    return libtorch::Capture::kScript;
  }

 private:
  bool loop_;
  std::int64_t n_ = 0;
};

tally::BenchmarkInfo info(bool loop) {
  std::vector<std::string> backends = {"eager", "script", "jit"};
  // The loop adds plain ints the tracer never sees, so a trace of it would
  // record exactly what symint_sum's records.
  if (!loop) backends.insert(backends.begin() + 1, "trace");
  return libtorch::model_benchmark(
      loop ? "libtorch_symint_sum_loop" : "libtorch_symint_sum",
      std::string(
          "Measures LibTorch's TorchScript path (not torch.compile) on the "
          "workload of PyTorch's symint_sum benchmark") +
          (loop ? " (loop)" : "") +
          ": xs = a.tolist() of randint(10, (n,)) (seed 0), y = " +
          (loop ? "a loop adding each x" : "sum(xs)") +
          ", tensor(y). script compiles the source unrolled over the n items "
          "(" +
          (loop ? "n additions" : "one sum over a list of n items") +
          "), as Dynamo unrolls n unbacked SymInts, so its compile grows "
          "with n; jit profiles and optimises that script. " +
          (loop ? "No trace: the loop adds plain ints the tracer does not "
                  "see, so its trace equals libtorch_symint_sum_trace. "
                : "trace records n element reads and bakes y. ") +
          "No nnc: no tensor op to fuse.",
      backends, {false}, {{"n", std::int64_t{200}, "length of a", 1}},
      [loop] { return std::make_unique<SymintSum>(loop); });
}

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {info(false), info(true)};
}

}  // namespace tally::plugins::symint_sum

#include "add_loop/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::add_loop {
namespace {

using libtorch::Stack;

// r = a.clone(); then n steps: step i adds b (i % 3 == 0), adds 8 * b
// (i % 3 == 1) or takes sin (else).
class AddLoop : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    n_ = setup.cell.params.get<std::int64_t>("n");
    const auto size = setup.cell.params.get<std::int64_t>("size");
    source_ = script_source();
    auto options = at::TensorOptions().device(setup.device);
    std::vector<Stack> calls = {
        {at::ones({size}, options), at::ones({size}, options)}};
    if (setup.cell.dynamic) {
      const auto other = setup.cell.params.get<std::int64_t>("dynamic_size");
      calls.push_back({at::ones({other}, options), at::ones({other}, options)});
    }
    return calls;
  }

  Stack forward(const Stack& inputs) override {
    const at::Tensor& b = inputs[1].toTensor();
    at::Tensor r = inputs[0].toTensor().clone();
    for (std::int64_t i = 0; i < n_; ++i) {
      if (i % 3 == 0)
        r = r + b;
      else if (i % 3 == 1)
        r = r + 8 * b;
      else
        r = r.sin();
    }
    return {r};
  }

  // The loop unrolled, as Dynamo captures it.
  libtorch::Scripted script() override {
    return libtorch::script_function(source_, "forward");
  }

 private:
  std::string script_source() const {
    std::string src = "def forward(a, b):\n    r = a.clone()\n";
    for (std::int64_t i = 0; i < n_; ++i) {
      if (i % 3 == 0)
        src += "    r = r + b\n";
      else if (i % 3 == 1)
        src += "    r = r + 8 * b\n";
      else
        src += "    r = r.sin()\n";
    }
    return src + "    return r\n";
  }

  std::int64_t n_ = 0;
  std::string source_;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {libtorch::model_benchmark(
      "libtorch_add_loop",
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's add_loop benchmark: r = a.clone(), then n steps "
      "cycling r + b, r + 8 * b, r.sin() on ones(size). trace records and "
      "script compiles the unrolled loop; jit/nnc trace, profile and optimise "
      "(nnc fuses the chain). dynamic (jit/nnc): a second call of "
      "dynamic_size.",
      {"eager", "trace", "script", "jit", "nnc"}, {false, true},
      {{"n", std::int64_t{1000}, "loop steps", 1},
       {"size", std::int64_t{1000}, "length of a and b", 1},
       {"dynamic_size", std::int64_t{1500},
        "length of the second call's inputs when dynamic", 1}},
      [] { return std::make_unique<AddLoop>(); })};
}

}  // namespace tally::plugins::add_loop

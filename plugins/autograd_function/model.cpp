#include "autograd_function/model.hpp"

#include <stdexcept>
#include <string>
#include <tally_libtorch/model.hpp>
#include <utility>

namespace tally::plugins::autograd_function {
namespace {

using libtorch::Stack;

// The preallocated outputs NoSave returns; not arguments of apply(), which
// would count them as inputs (PyTorch's benchmark keeps them global too).
torch::autograd::variable_list* g_outputs = nullptr;

constexpr size_t kInputs = 13, kOutputs = 2;

// A custom autograd function that saves nothing and returns preallocated
// outputs, so apply() measures the autograd wrapping alone.
struct NoSave : public torch::autograd::Function<NoSave> {
  template <class... Tensors>
  static torch::autograd::variable_list forward(
      torch::autograd::AutogradContext*, const Tensors&...) {
    return *g_outputs;
  }
  static torch::autograd::variable_list backward(
      torch::autograd::AutogradContext*, torch::autograd::variable_list) {
    throw std::runtime_error("forward-only benchmark");
  }
};

// apply() with the inputs as separate arguments, as PyTorch's benchmark
// passes them (a vector argument would not count as tensors).
template <size_t... I>
torch::autograd::variable_list apply(const torch::autograd::variable_list& args,
                                     std::index_sequence<I...>) {
  return NoSave::apply(args[I]...);
}

torch::autograd::variable_list apply(
    const torch::autograd::variable_list& args) {
  return apply(args, std::make_index_sequence<kInputs>());
}

class Apply : public tally::Benchmark, public libtorch::Inspectable {
 public:
  void prepare_once(const tally::Cell& cell) override {
    const libtorch::Setup setup = libtorch::setup_cell(cell);
    device_ = setup.device;
    auto options = at::TensorOptions().device(device_);
    for (size_t i = 0; i < kOutputs; ++i)
      outputs_values_.push_back(at::empty({0}, options));
    for (size_t i = 0; i < kInputs; ++i)
      args_.push_back(at::empty({0}, options).requires_grad_());
    g_outputs = &outputs_values_;
    const auto warmup = cell.params.get<std::int64_t>("warmup");
    for (std::int64_t i = 0; i < warmup; ++i) apply(args_);
    libtorch::synchronize(device_);
  }

  void work(tally::Meter&) override { last_ = apply(args_); }

  // Built on demand so that work() counts apply() alone.
  const std::vector<Stack>& outputs() const override {
    seen_ = {Stack(last_.begin(), last_.end())};
    return seen_;
  }
  std::shared_ptr<torch::jit::Graph> last_graph() const override {
    return nullptr;
  }

 private:
  at::Device device_ = at::kCPU;
  torch::autograd::variable_list args_, outputs_values_, last_;
  mutable std::vector<Stack> seen_;
};

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  tally::BenchmarkInfo info;
  info.name = "libtorch_autograd_function_apply_13_in_2_out_no_save";
  info.description =
      "Measures LibTorch's C++ autograd (not torch.compile) on the workload of "
      "PyTorch's autograd_function benchmark: torch::autograd::Function::apply "
      "with 13 inputs empty(0) requiring grad and 2 preallocated outputs, "
      "saving nothing, after `warmup` applies (instruction_count only). eager "
      "only: a trace or script records no Function node, so there is nothing "
      "else to measure.";
  info.backends = {"eager"};
  info.devices = {"cpu", "cuda"};
  info.params = {{"warmup", std::int64_t{10000}, "applies before counting", 0}};
  info.make = [] { return std::make_unique<Apply>(); };
  return {info};
}

}  // namespace tally::plugins::autograd_function

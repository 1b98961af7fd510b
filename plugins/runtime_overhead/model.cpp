#include "runtime_overhead/model.hpp"

#include <string>
#include <tally_libtorch/model.hpp>

namespace tally::plugins::runtime_overhead {
namespace {

using libtorch::Stack;

class Add1 : public libtorch::Model {
 public:
  explicit Add1(bool requires_grad) : requires_grad_(requires_grad) {}

  std::vector<Stack> build(const libtorch::Setup& setup) override {
    auto options = at::TensorOptions().device(setup.device);
    std::vector<Stack> calls = {
        {at::ones({2}, options).requires_grad_(requires_grad_)}};
    // Warm-up calls of a second shape too: the plan must be shape-polymorphic.
    if (setup.cell.dynamic)
      calls.push_back({at::ones({3}, options).requires_grad_(requires_grad_)});
    return calls;
  }

  Stack forward(const Stack& inputs) override {
    return {inputs[0].toTensor() + 1};
  }

  libtorch::Scripted script() override {
    return libtorch::script_function("def forward(a):\n    return a + 1\n",
                                     "forward");
  }

 private:
  bool requires_grad_;
};

// Returns its input: each call runs no op, so what work() counts per call
// beyond LibTorch's run of an empty graph is the adapter's own bookkeeping
// (tools/measure-harness).
class Identity : public libtorch::Model {
 public:
  std::vector<Stack> build(const libtorch::Setup& setup) override {
    const auto calls = setup.cell.params.get<std::int64_t>("calls");
    const at::Tensor a =
        at::ones({2}, at::TensorOptions().device(setup.device));
    return std::vector<Stack>(static_cast<size_t>(calls), Stack{a});
  }

  Stack forward(const Stack& inputs) override { return {inputs[0]}; }

  libtorch::Scripted script() override {
    return libtorch::script_function("def forward(a):\n    return a\n",
                                     "forward");
  }
};

struct Variant {
  bool requires_grad, inference_mode, backward;
};

// a + 1 compiled once (with 10 warm-up calls) in prepare_once; work() counts
// one call of the compiled function, or one backward through it.
class RuntimeOverhead : public tally::Benchmark, public libtorch::Inspectable {
 public:
  explicit RuntimeOverhead(Variant variant)
      : variant_(variant), model_(variant.requires_grad) {}

  void prepare_once(const tally::Cell& cell) override {
    setup_.emplace(libtorch::setup_cell(cell));
    calls_ = model_.build(*setup_);
    compiled_ = std::make_unique<libtorch::Compiled>(setup_->backend,
                                                     setup_->device, model_);
    const int warmup = cell.params.get<int>("warmup");
    for (int i = 0; i < warmup; ++i) {
      if (variant_.backward) {
        compiled_->call(calls_[0], nullptr)[0].toTensor().sum().backward();
      } else {
        for (const auto& c : calls_) call(c);
      }
    }
    libtorch::expect_same(call(calls_[0]), model_.forward(calls_[0]),
                          cell.backend + " output");
  }

  void prepare() override {
    if (variant_.backward)
      forward_val_ = compiled_->call(calls_[0], nullptr)[0].toTensor().sum();
  }

  void work(tally::Meter&) override {
    if (variant_.backward)
      forward_val_.backward();
    else
      outputs_ = {call(calls_[0])};
  }

  const std::vector<Stack>& outputs() const override { return outputs_; }
  std::shared_ptr<torch::jit::Graph> last_graph() const override {
    return compiled_->last_graph();
  }

 private:
  Stack call(const Stack& inputs) {
    if (!variant_.inference_mode) return compiled_->call(inputs, nullptr);
    c10::InferenceMode guard;
    return compiled_->call(inputs, nullptr);
  }

  Variant variant_;
  Add1 model_;
  std::optional<libtorch::Setup> setup_;
  std::vector<Stack> calls_, outputs_;
  std::unique_ptr<libtorch::Compiled> compiled_;
  at::Tensor forward_val_;
};

tally::BenchmarkInfo info(std::string name, std::string what, Variant variant) {
  tally::BenchmarkInfo info;
  info.name = std::move(name);
  info.description =
      "Measures LibTorch's TorchScript path (not torch.compile) on the "
      "workload of PyTorch's runtime_overhead benchmark: a + 1 on ones(2) "
      "compiled once with 10 warm-up calls; counted: " +
      what +
      " (instruction_count only). eager calls ATen directly; trace/script run "
      "the interpreter, jit the optimised plan. dynamic (jit): "
      "shape-polymorphic plan, warm-up calls on ones(2) and ones(3). No "
      "nnc: a single add forms no fusion group, so nnc would count what jit "
      "counts.";
  info.backends = {"eager", "trace", "script", "jit"};
  info.devices = {"cpu", "cuda"};
  info.dynamic = {false, true};
  info.params = {{"warmup", std::int64_t{10}, "warm-up calls", 0}};
  info.make = [variant] { return std::make_unique<RuntimeOverhead>(variant); };
  return info;
}

tally::BenchmarkInfo harness_noop() {
  return libtorch::model_benchmark(
      "libtorch_harness_noop",
      "Not a PyTorch benchmark: the LibTorch adapter's own cost. An identity "
      "model (returns its input, no op) run like every model benchmark: each "
      "iteration compiles on the first of `calls` calls, then makes the rest. "
      "tools/measure-harness subtracts LibTorch's run of the graph from the "
      "per-call count to give the adapter's bookkeeping per call.",
      {"eager", "trace", "script", "jit", "nnc"}, {false},
      {{"calls", std::int64_t{1}, "calls per iteration", 1}},
      [] { return std::make_unique<Identity>(); });
}

}  // namespace

std::vector<tally::BenchmarkInfo> benchmarks() {
  return {
      harness_noop(),
      info("libtorch_runtime_overhead", "one call", {false, false, false}),
      info("libtorch_runtime_overhead_inference_mode",
           "one call under c10::InferenceMode", {false, true, false}),
      info("libtorch_runtime_overhead_requires_grad",
           "one call on an input that requires grad", {true, false, false}),
      info("libtorch_runtime_overhead_requires_grad_backward",
           "one backward of sum(f(a)) through the compiled function",
           {true, false, true}),
  };
}

}  // namespace tally::plugins::runtime_overhead

#include "tally_libtorch/model.hpp"

#include <ATen/Parallel.h>
#include <torch/csrc/jit/api/function_impl.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/passes/inliner.h>
#include <torch/csrc/jit/passes/tensorexpr_fuser.h>
#include <torch/csrc/jit/runtime/graph_executor.h>
#include <torch/csrc/jit/tensorexpr/kernel.h>
#include <torch/cuda.h>
#include <torch/jit.h>

#include <mutex>
#include <sstream>
#include <stdexcept>

#if __has_include(<torch/csrc/jit/codegen/fuser/interface.h>)
#include <torch/csrc/jit/codegen/fuser/interface.h>
#else
// Debian's LibTorch does not install this header; the symbol is exported.
namespace torch::jit {
TORCH_API void overrideCanFuseOnCPU(bool value);
}  // namespace torch::jit
#endif

#if __has_include(<torch/csrc/jit/codegen/cuda/interface.h>)
#include <torch/csrc/jit/codegen/cuda/interface.h>
#define TALLY_HAS_NVFUSER 1
#endif

namespace tally::libtorch {
namespace {

bool is_jit(Backend backend) {
  return backend == Backend::kJit || backend == Backend::kNnc;
}

// The global JIT flags a backend needs. Workers may run several cells in
// one process, so every flag the backends differ on is written every time.
void configure_jit(Backend backend, bool dynamic) {
  const bool nnc = backend == Backend::kNnc;
  torch::jit::getExecutorMode() = true;
  torch::jit::getProfilingMode() = true;
  torch::jit::setGraphExecutorOptimize(true);
  torch::jit::getNumProfiledRuns() = 1;
  torch::jit::setTensorExprFuserEnabled(nnc);
  torch::jit::overrideCanFuseOnCPU(nnc);
  // Without LLVM (Debian's build) NNC must be allowed its IR evaluator.
  torch::jit::tensorexpr::getTEMustUseLLVMOnCPU() = false;
  torch::jit::setTensorExprDynamicShapeFusionEnabled(nnc && dynamic);
  // LibTorch's default; training models turn it off (ModelBenchmark).
  torch::jit::debugSetAutodiffSubgraphInlining(true);
#ifdef TALLY_HAS_NVFUSER
  // nnc means the TensorExpr fuser on GPU too; jit means no fusion at all.
  torch::jit::fuser::cuda::setEnabled(false);
#endif
  torch::jit::FusionStrategy strategy;
  if (dynamic) {
    strategy = {{torch::jit::FusionBehavior::DYNAMIC, 2}};
  } else {  // LibTorch's default
    strategy = {{torch::jit::FusionBehavior::STATIC, 2},
                {torch::jit::FusionBehavior::DYNAMIC, 10}};
  }
  torch::jit::setFusionStrategy(strategy);
  // Models whose values the trace bakes (item(), tolist()) say so in their
  // description; a warning per baked value would only add noise to counts.
  torch::jit::tracer::getTracerStateWarnMode() = false;
}

void set_threads(int threads) {
  at::set_num_threads(std::max(1, threads));
  // Settable once per process and only before inter-op work starts; a
  // second cell in the same worker keeps the first setting.
  static std::once_flag once;
  std::call_once(once, [] {
    try {
      at::set_num_interop_threads(1);
    } catch (const c10::Error&) {
      // Another plugin in this process set it first.
    }
  });
}

bool traceable(const c10::IValue& v) {
  if (v.isTensor() || v.isTensorList()) return true;
  if (v.isTuple()) {
    for (const auto& e : v.toTupleRef().elements())
      if (!traceable(e)) return false;
    return true;
  }
  return false;
}

// Whether `inputs` bring, in order, the non-tensor values a trace baked.
// Compares IValues in place: choosing a graph must cost the measured call
// next to nothing.
bool same_baked(const Stack& inputs, const Stack& baked) {
  size_t k = 0;
  for (const auto& v : inputs) {
    if (traceable(v)) continue;
    if (k == baked.size() || !(v == baked[k])) return false;
    ++k;
  }
  return k == baked.size();
}

bool liftable(const c10::IValue& v) {
  return v.isDouble() || v.isInt() || v.isBool();
}

// A number as the 0-dim tensor of its own dtype that a trace takes as an
// input (a trace's inputs are tensors); on the CPU, which ATen combines
// with tensors on any device.
at::Tensor lift(const c10::IValue& v) {
  const c10::Scalar s = v.toScalar();
  return at::scalar_tensor(s, at::TensorOptions().dtype(s.type()));
}

}  // namespace

Backend parse_backend(const std::string& name) {
  if (name == "eager") return Backend::kEager;
  if (name == "trace") return Backend::kTrace;
  if (name == "script") return Backend::kScript;
  if (name == "jit") return Backend::kJit;
  if (name == "nnc") return Backend::kNnc;
  throw std::invalid_argument("unknown LibTorch backend '" + name + "'");
}

namespace {

// The frontend leaves calls of other functions and methods in place; the
// executor inlines them on first run. Inlining here keeps it in the capture.
std::shared_ptr<torch::jit::Graph> inlined(const torch::jit::Function& fn) {
  auto graph = torch::jit::toGraphFunction(fn).graph()->copy();
  torch::jit::Inline(*graph);
  return graph;
}

}  // namespace

Scripted script_function(const std::string& source, const std::string& name) {
  std::shared_ptr<torch::jit::CompilationUnit> cu = torch::jit::compile(source);
  auto graph = inlined(cu->get_function(name));
  return {std::move(graph), {}, std::move(cu)};
}

Scripted script_method(const torch::jit::Module& module,
                       const std::string& name) {
  auto graph = inlined(module.get_method(name).function());
  return {std::move(graph),
          {module._ivalue()},
          std::make_shared<torch::jit::Module>(module)};
}

ModuleFactory::ModuleFactory()
    : cu_(std::make_shared<torch::jit::CompilationUnit>()) {}

torch::jit::Module ModuleFactory::make(
    const std::string& type,
    const std::function<void(torch::jit::Module&)>& init,
    const std::string& source) {
  auto it = types_.find(type);
  const bool first = it == types_.end();
  if (first) {
    auto cls = c10::ClassType::create(c10::QualifiedName("__torch__." + type),
                                      cu_, /*is_module=*/true);
    cu_->register_type(cls);
    it = types_.emplace(type, std::move(cls)).first;
  }
  torch::jit::Module module(cu_, it->second);
  init(module);
  if (first) module.define(source);
  return module;
}

Scripted Model::script() {
  throw std::logic_error("this model has no TorchScript form");
}

Setup setup_cell(const tally::Cell& cell) {
  const Backend backend = parse_backend(cell.backend);
  if (cell.device != "cpu" && cell.device != "cuda")
    throw tally::SkipCell("device '" + cell.device +
                          "' is not one LibTorch plugins run on");
  const at::Device device(cell.device == "cuda" ? at::kCUDA : at::kCPU);
  if (device.is_cuda() && !torch::cuda::is_available())
    throw tally::SkipCell(
        "CUDA not available: this LibTorch build has no CUDA or no device");
  if (cell.dynamic && !is_jit(backend))
    throw tally::SkipCell(
        "dynamic applies to jit and nnc (shape-polymorphic profiling and "
        "fusion); " +
        cell.backend + " has no shape specialisation to relax");
  set_threads(cell.threads);
  configure_jit(backend, cell.dynamic);
  torch::manual_seed(0);
  return {cell, backend, device};
}

void synchronize(const at::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.index());
}

// Which of a call's arguments a graph takes: all (script), its tensors (a
// trace with the others baked) or all with numbers lifted to tensors (a
// trace made once a number changed).
enum class Arguments { kAll, kTensors, kLifted };

class Executable {
 public:
  Executable(Backend backend, std::shared_ptr<torch::jit::Graph> graph,
             Stack self, std::shared_ptr<void> owner, Arguments taken,
             size_t num_inputs, const Stack& profile)
      : graph_(std::move(graph)),
        self_(std::move(self)),
        owner_(std::move(owner)),
        taken_(taken),
        num_inputs_(num_inputs) {
    if (!is_jit(backend)) {
      // Only the passes the interpreter needs; no optimisation.
      torch::jit::runRequiredPasses(graph_);
      code_.emplace(graph_, "forward");
      return;
    }
    // Profiling runs until the optimised plan exists; building it is where
    // the passes, autodiff, fusion and kernel compilation run. One shape
    // is profiled: NNC's dynamic-shape fusion generalises a profiled shape
    // itself (profiles that disagree on a size leave it unknown and block
    // fusion), and later calls of other shapes pass its guard.
    executor_.emplace(graph_, "forward");
    for (size_t runs = 0;; ++runs) {
      Stack args = arguments(profile);
      executor_->getPlanFor(args);
      if (executor_->isOptimized()) break;
      if (runs > torch::jit::getNumProfiledRuns())
        throw std::runtime_error(
            "the profiling executor built no optimised plan after " +
            std::to_string(runs) + " profiling runs");
      executor_->run(args);
    }
  }

  Stack run(const Stack& inputs) {
    Stack stack = arguments(inputs);
    if (code_)
      torch::jit::InterpreterState(*code_).run(stack);
    else
      executor_->run(stack);
    return stack;
  }

  std::shared_ptr<torch::jit::Graph> graph() {
    if (!executor_) return graph_;
    auto state = executor_->getDebugState();
    if (state.execution_plans.empty()) return graph_;
    return state.execution_plans.begin()->second.graph;
  }

 private:
  // A scripted module holds the parameters lifted for trace itself, so it
  // takes only the first num_inputs_ arguments.
  Stack arguments(const Stack& inputs) const {
    const size_t n = std::min(num_inputs_, inputs.size());
    // One allocation: growing from self_'s size would reallocate per input.
    Stack args;
    args.reserve(self_.size() + n);
    args.insert(args.end(), self_.begin(), self_.end());
    for (size_t i = 0; i < n; ++i) {
      const c10::IValue& v = inputs[i];
      if (taken_ == Arguments::kAll || traceable(v))
        args.push_back(v);
      else if (taken_ == Arguments::kLifted)
        args.emplace_back(lift(v));
    }
    return args;
  }

  std::shared_ptr<torch::jit::Graph> graph_;
  Stack self_;
  std::shared_ptr<void> owner_;
  Arguments taken_;
  size_t num_inputs_;
  std::optional<torch::jit::Code> code_;
  std::optional<torch::jit::GraphExecutor> executor_;
};

Compiled::Compiled(Backend backend, at::Device device, Model& model)
    : backend_(backend),
      device_(device),
      model_(model),
      traced_(backend == Backend::kTrace ||
              (is_jit(backend) && model.jit_capture() == Capture::kTrace)) {}

Compiled::~Compiled() = default;

Stack Compiled::call(const Stack& inputs, tally::Meter* meter) {
  if (backend_ == Backend::kEager) {
    Stack out = model_.forward(inputs);
    synchronize(device_);
    return out;
  }
  last_ = select(inputs, meter);
  Stack out = last_->run(inputs);
  synchronize(device_);
  return out;
}

Executable* Compiled::select(const Stack& inputs, tally::Meter* meter) {
  if (baked_ && (!traced_ || same_baked(inputs, baked_values_)))
    return baked_.get();
  if (lifted_) return lifted_.get();
  const bool lift_numbers = baked_ != nullptr;
  if (!lift_numbers && traced_)
    for (const auto& v : inputs)
      if (!traceable(v)) baked_values_.push_back(v);
  std::optional<tally::Region> region;
  if (meter) region.emplace(*meter, "compile_time");
  std::unique_ptr<Executable>& slot = lift_numbers ? lifted_ : baked_;
  slot = compile(inputs, lift_numbers);
  synchronize(device_);
  return slot.get();
}

std::unique_ptr<Executable> Compiled::compile(const Stack& inputs,
                                              bool lift_numbers) {
  if (!traced_) {
    Scripted s = model_.script();
    return std::make_unique<Executable>(backend_, std::move(s.graph),
                                        std::move(s.self), std::move(s.owner),
                                        Arguments::kAll, s.num_inputs, inputs);
  }
  Stack args;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const c10::IValue& v = inputs[i];
    if (!lift_numbers || traceable(v)) {
      args.push_back(v);
    } else if (liftable(v)) {
      args.emplace_back(lift(v));
    } else {
      throw std::runtime_error("argument " + std::to_string(i) +
                               " changed between calls but is not a number, "
                               "so a trace cannot take it as an input");
    }
  }
  // The tracer runs the forward once and records every op it reaches.
  Stack traced_inputs;
  for (const auto& v : args)
    if (traceable(v)) traced_inputs.push_back(v);
  auto state =
      torch::jit::tracer::trace(
          std::move(traced_inputs), [&](Stack) { return model_.forward(args); },
          [](const at::Tensor&) { return std::string(); },
          /*strict=*/false)
          .first;
  return std::make_unique<Executable>(
      backend_, state->graph, Stack(), nullptr,
      lift_numbers ? Arguments::kLifted : Arguments::kTensors, inputs.size(),
      inputs);
}

std::shared_ptr<torch::jit::Graph> Compiled::last_graph() const {
  return last_ ? last_->graph() : nullptr;
}

ModelBenchmark::ModelBenchmark(std::unique_ptr<Model> model)
    : model_(std::move(model)) {}

void ModelBenchmark::prepare_once(const tally::Cell& cell) {
  setup_.emplace(setup_cell(cell));
  // The default threshold (2 nodes) would inline a one-add differentiable
  // graph back into the plan and leave no backward to build.
  torch::jit::debugSetAutodiffSubgraphInlining(!model_->training());
  calls_ = model_->build(*setup_);
  expected_.clear();
  for (const auto& c : calls_) expected_.push_back(model_->forward(c));
  synchronize(setup_->device);
}

void ModelBenchmark::prepare() {
  if (!setup_) throw std::logic_error("prepare() before prepare_once()");
  for (size_t i = 0; i < outputs_.size(); ++i)
    expect_same(outputs_[i], expected_[i],
                setup_->cell.backend + " output of call " + std::to_string(i));
  outputs_.clear();
  // Reserved here so that work() does not grow it inside the region.
  outputs_.reserve(calls_.size());
  if (model_->training())
    for (const auto& c : calls_) clear_grads(c);
  // Cold start: a new capture, compilation unit and executor each time.
  compiled_.reset();
  compiled_ =
      std::make_unique<Compiled>(setup_->backend, setup_->device, *model_);
}

void ModelBenchmark::work(tally::Meter& meter) {
  if (!compiled_) throw std::logic_error("work() before prepare()");
  const bool training = model_->training();
  for (const auto& c : calls_) {
    outputs_.push_back(compiled_->call(c, &meter));
    if (training) run_backward(outputs_.back());
  }
}

std::shared_ptr<torch::jit::Graph> ModelBenchmark::last_graph() const {
  return compiled_ ? compiled_->last_graph() : nullptr;
}

namespace {

void compare(const c10::IValue& a, const c10::IValue& e,
             const std::string& where) {
  auto fail = [&](const std::string& why) {
    std::ostringstream msg;
    msg << where << ": " << why;
    throw std::runtime_error(msg.str());
  };
  if (e.isTensor()) {
    if (!a.isTensor()) fail("expected a tensor, got " + a.tagKind());
    at::Tensor x = a.toTensor().detach().cpu(), y = e.toTensor().detach().cpu();
    if (x.sizes() != y.sizes() || x.scalar_type() != y.scalar_type()) {
      std::ostringstream why;
      why << "expected " << y.scalar_type() << y.sizes() << ", got "
          << x.scalar_type() << x.sizes();
      fail(why.str());
    }
    const bool same = at::isFloatingType(y.scalar_type())
                          ? at::allclose(x, y, 1e-4, 1e-5)
                          : at::equal(x, y);
    if (!same) {
      std::ostringstream why;
      why << "values differ (max abs difference "
          << (x.to(at::kDouble) - y.to(at::kDouble)).abs().max().item<double>()
          << ")";
      fail(why.str());
    }
    return;
  }
  if (e.isList() || e.isTuple()) {
    if (!(a.isList() || a.isTuple())) fail("expected a sequence");
    std::vector<c10::IValue> xs =
        a.isList() ? a.toListRef().vec() : a.toTupleRef().elements().vec();
    std::vector<c10::IValue> ys =
        e.isList() ? e.toListRef().vec() : e.toTupleRef().elements().vec();
    if (xs.size() != ys.size())
      fail("expected " + std::to_string(ys.size()) + " elements, got " +
           std::to_string(xs.size()));
    for (size_t i = 0; i < xs.size(); ++i)
      compare(xs[i], ys[i], where + "[" + std::to_string(i) + "]");
    return;
  }
  if (e.isDouble() && a.isDouble()) {
    if (std::abs(a.toDouble() - e.toDouble()) >
        1e-5 + 1e-4 * std::abs(e.toDouble()))
      fail("values differ");
    return;
  }
  if (!(a == e)) {
    std::ostringstream why;
    why << "expected " << e << ", got " << a;
    fail(why.str());
  }
}

}  // namespace

namespace {

void requiring_grad(const c10::IValue& v, std::vector<at::Tensor>& out) {
  if (v.isTensor()) {
    if (v.toTensor().requires_grad()) out.push_back(v.toTensor());
  } else if (v.isList()) {
    for (const auto& e : v.toListRef()) requiring_grad(e, out);
  } else if (v.isTuple()) {
    for (const auto& e : v.toTupleRef().elements()) requiring_grad(e, out);
  }
}

}  // namespace

void run_backward(const Stack& outputs) {
  std::vector<at::Tensor> tensors;
  for (const auto& v : outputs) requiring_grad(v, tensors);
  if (tensors.empty()) return;
  at::Tensor loss = tensors[0].sum();
  for (size_t i = 1; i < tensors.size(); ++i) loss = loss + tensors[i].sum();
  loss.backward();
}

void clear_grads(const Stack& inputs) {
  std::vector<at::Tensor> tensors;
  for (const auto& v : inputs) requiring_grad(v, tensors);
  for (auto& t : tensors)
    if (t.is_leaf()) t.mutable_grad().reset();
}

void expect_same(const Stack& actual, const Stack& expected,
                 const std::string& what) {
  if (actual.size() != expected.size())
    throw std::runtime_error(what + ": expected " +
                             std::to_string(expected.size()) +
                             " outputs, got " + std::to_string(actual.size()));
  for (size_t i = 0; i < actual.size(); ++i)
    compare(actual[i], expected[i], what + " output " + std::to_string(i));
}

tally::BenchmarkInfo model_benchmark(
    std::string name, std::string description,
    std::vector<std::string> backends, std::vector<bool> dynamic,
    std::vector<tally::ParamSpec> params,
    std::function<std::unique_ptr<Model>()> make_model) {
  tally::BenchmarkInfo info;
  info.name = std::move(name);
  info.description = std::move(description);
  info.backends = std::move(backends);
  info.devices = {"cpu", "cuda"};
  info.dynamic = std::move(dynamic);
  info.regions = {"compile_time"};
  info.backend_regions = {{"eager", {}}};
  info.params = std::move(params);
  info.make = [make_model = std::move(make_model)] {
    return std::make_unique<ModelBenchmark>(make_model());
  };
  return info;
}

}  // namespace tally::libtorch

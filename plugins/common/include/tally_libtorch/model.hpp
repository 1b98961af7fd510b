// The LibTorch adapter every LibTorch plugin shares: backends (eager, trace,
// script, jit, nnc), device placement, thread and JIT settings per cell, the
// cold start of each iteration and the compile_time region. A plugin writes
// only its model (a Model subclass) and its BenchmarkInfo.
//
// DESIGN.md "LibTorch mapping" defines what each backend captures, how it
// executes and what its compile_time region covers.
#ifndef TALLY_LIBTORCH_MODEL_HPP
#define TALLY_LIBTORCH_MODEL_HPP

#include <torch/script.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tally/plugin.hpp>
#include <vector>

namespace tally::libtorch {

using Stack = std::vector<c10::IValue>;

enum class Backend { kEager, kTrace, kScript, kJit, kNnc };

/// Parses a backend name; throws std::invalid_argument for another name.
Backend parse_backend(const std::string& name);

/// How jit and nnc obtain their graph.
enum class Capture { kTrace, kScript };

/// What a model sees of its cell when it builds weights and inputs.
struct Setup {
  tally::Cell cell;
  Backend backend;
  at::Device device;
};

/// A TorchScript capture: the graph to run and what it is called with.
struct Scripted {
  std::shared_ptr<torch::jit::Graph> graph;
  Stack self;  ///< leading arguments of every call (a module's `self`)
  std::shared_ptr<void> owner;  ///< keeps the compilation unit alive
  /// How many of a call's inputs the graph takes; the rest are parameters
  /// lifted for trace that a scripted module holds itself.
  size_t num_inputs = static_cast<size_t>(-1);
};

/// Compiles TorchScript `source` in a new compilation unit (parse, emit,
/// inline) and returns its function `name`.
Scripted script_function(const std::string& source, const std::string& name);

/// Returns method `name` of a scripted module built by the caller.
Scripted script_method(const torch::jit::Module& module,
                       const std::string& name = "forward");

/// Builds the modules of one TorchScript capture in one compilation unit,
/// one class type per type name: torch.jit.script likewise compiles the
/// methods of identical module types once.
class ModuleFactory {
 public:
  ModuleFactory();
  /// A new module of type `type`; `init` registers its parameters,
  /// attributes and submodules, `source` defines its methods (compiled on
  /// the type's first instance).
  torch::jit::Module make(const std::string& type,
                          const std::function<void(torch::jit::Module&)>& init,
                          const std::string& source);
  const std::shared_ptr<torch::jit::CompilationUnit>& unit() const {
    return cu_;
  }

 private:
  std::shared_ptr<torch::jit::CompilationUnit> cu_;
  std::map<std::string, c10::ClassTypePtr> types_;
};

/// One benchmark's model: its weights, the calls one iteration makes and its
/// forward in the forms the backends capture.
class Model {
 public:
  virtual ~Model() = default;
  /// Builds weights and returns the inputs of each call one iteration makes,
  /// in order: one call usually, several when shapes (dynamic) or scalar
  /// arguments change between calls. Runs once per cell; not counted.
  virtual std::vector<Stack> build(const Setup& setup) = 0;
  /// The eager forward: what eager runs and what trace records. Non-tensor
  /// arguments are baked into the first trace; once a call brings another
  /// value, they are traced again as 0-dim tensor inputs (as Dynamo makes a
  /// float dynamic once it changes), so forward must accept a scalar
  /// argument as a number or as a 0-dim tensor.
  virtual Stack forward(const Stack& inputs) = 0;
  /// The TorchScript form for script (and for jit/nnc under Capture::kScript);
  /// called inside the compile_time region.
  virtual Scripted script();
  /// How jit and nnc capture this model: trace unless it needs control flow.
  virtual Capture jit_capture() const { return Capture::kTrace; }
  /// Training models: work() runs the backward of the sum of each call's
  /// outputs, and jit/nnc keep every differentiable subgraph however small
  /// (autodiff subgraph inlining off), as AOT autograd builds a forward and
  /// a backward graph whatever their size.
  virtual bool training() const { return false; }
};

/// Applies the cell's process settings: intra-op threads, inter-op 1, the
/// device (SkipCell when CUDA is unavailable) and the global JIT flags of
/// the backend. Call in prepare_once: a worker may run other cells before.
Setup setup_cell(const tally::Cell& cell);

/// Waits for the device's queued work (no-op on CPU).
void synchronize(const at::Device& device);

/// A captured and compiled graph with the way to run it.
class Executable;

/// A model compiled for one backend. Calls capture and compile on first use
/// inside the meter's compile_time region. A traced capture compiles at most
/// twice: with the first call's non-tensor arguments baked, then, once a
/// call brings other values, with them as inputs. Choosing the graph
/// compares those arguments only: no key is built per call.
class Compiled {
 public:
  Compiled(Backend backend, at::Device device, Model& model);
  ~Compiled();
  /// Runs one call. When no compiled graph fits it yet, captures and
  /// compiles first, profiling jit/nnc on this call, inside `meter`'s
  /// compile_time region (none when meter is null).
  Stack call(const Stack& inputs, tally::Meter* meter);
  /// The graph the last call ran (the optimised one for jit/nnc); null for
  /// eager.
  std::shared_ptr<torch::jit::Graph> last_graph() const;

 private:
  Executable* select(const Stack& inputs, tally::Meter* meter);
  std::unique_ptr<Executable> compile(const Stack& inputs, bool lifted);

  Backend backend_;
  at::Device device_;
  Model& model_;
  bool traced_;
  std::unique_ptr<Executable> baked_;   ///< the only one unless traced_
  std::unique_ptr<Executable> lifted_;  ///< traced_: scalars as inputs
  Stack baked_values_;  ///< traced_: the non-tensor arguments baked_ holds
  Executable* last_ = nullptr;
};

/// What tests read back from a benchmark after work().
class Inspectable {
 public:
  virtual ~Inspectable() = default;
  /// Outputs of each call of the last work().
  virtual const std::vector<Stack>& outputs() const = 0;
  /// The graph the last call ran (the optimised one for jit/nnc); null for
  /// eager.
  virtual std::shared_ptr<torch::jit::Graph> last_graph() const = 0;
};

/// The usual compile benchmark: each iteration starts cold, compiles (the
/// compile_time region) and runs every call once; eager runs the forward.
/// Each iteration's outputs are checked against eager before the next.
class ModelBenchmark : public tally::Benchmark, public Inspectable {
 public:
  explicit ModelBenchmark(std::unique_ptr<Model> model);
  void prepare_once(const tally::Cell& cell) override;
  void prepare() override;
  void work(tally::Meter& meter) override;

  const std::vector<Stack>& outputs() const override { return outputs_; }
  std::shared_ptr<torch::jit::Graph> last_graph() const override;
  /// The inputs of each call (for tests: the gradients a training model's
  /// backward left in them).
  const std::vector<Stack>& calls() const { return calls_; }

 private:
  std::unique_ptr<Model> model_;
  std::optional<Setup> setup_;
  std::vector<Stack> calls_, expected_, outputs_;
  std::unique_ptr<Compiled> compiled_;
};

/// Runs the backward of the sum of every tensor in `outputs` that requires
/// grad (what a training step does with a loss); no-op when none does.
void run_backward(const Stack& outputs);

/// Drops the gradients accumulated in the leaf tensors of `inputs`, so each
/// iteration's backward starts from the same state.
void clear_grads(const Stack& inputs);

/// Throws std::runtime_error naming `what` unless `actual` equals `expected`
/// (floating tensors within rtol 1e-4, atol 1e-5).
void expect_same(const Stack& actual, const Stack& expected,
                 const std::string& what);

/// A BenchmarkInfo whose make() builds a ModelBenchmark over `make_model`;
/// regions are {compile_time}, none for eager.
tally::BenchmarkInfo model_benchmark(
    std::string name, std::string description,
    std::vector<std::string> backends, std::vector<bool> dynamic,
    std::vector<tally::ParamSpec> params,
    std::function<std::unique_ptr<Model>()> make_model);

}  // namespace tally::libtorch

#endif  // TALLY_LIBTORCH_MODEL_HPP

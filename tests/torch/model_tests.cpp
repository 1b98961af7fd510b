// Each LibTorch plugin's model under every backend it declares (cpu, static
// and dynamic) against a direct eager computation on a small input.
#include <gtest/gtest.h>
#include <torch/cuda.h>

#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <tally_libtorch/model.hpp>

#include "add_loop/model.hpp"
#include "aotdispatcher/model.hpp"
#include "aotdispatcher_partitioner/model.hpp"
#include "aotdispatcher_partitioner2/model.hpp"
#include "autograd_function/model.hpp"
#include "basic_modules/model.hpp"
#include "deep_nested_module/model.hpp"
#include "diffusion_dit/model.hpp"
#include "dynamo_inline/model.hpp"
#include "float_args/model.hpp"
#include "mm_loop/model.hpp"
#include "nested_module/model.hpp"
#include "runtime_overhead/model.hpp"
#include "sum_floordiv/model.hpp"
#include "symint_sum/model.hpp"
#include "unbind_split_flip_cat/model.hpp"
#include "update_hint/model.hpp"

namespace {

using tally::libtorch::Inspectable;
using tally::libtorch::Stack;
using Overrides = std::map<std::string, tally::ParamValue>;

class CountingMeter : public tally::Meter {
 public:
  void begin(std::string_view region) override {
    ++entered[std::string(region)];
  }
  void end(std::string_view) override {}
  std::map<std::string, int> entered;
};

struct Plugin {
  std::string name;
  std::vector<tally::BenchmarkInfo> (*benchmarks)();
};

// Every LibTorch plugin, with parameters small enough for a quick test.
const std::vector<Plugin>& plugins() {
  namespace p = tally::plugins;
  static const std::vector<Plugin> all = {
      {"add_loop", p::add_loop::benchmarks},
      {"aotdispatcher", p::aotdispatcher::benchmarks},
      {"aotdispatcher_partitioner", p::aotdispatcher_partitioner::benchmarks},
      {"aotdispatcher_partitioner2", p::aotdispatcher_partitioner2::benchmarks},
      {"autograd_function", p::autograd_function::benchmarks},
      {"basic_modules", p::basic_modules::benchmarks},
      {"deep_nested_module", p::deep_nested_module::benchmarks},
      {"diffusion_dit", p::diffusion_dit::benchmarks},
      {"dynamo_inline", p::dynamo_inline::benchmarks},
      {"float_args", p::float_args::benchmarks},
      {"mm_loop", p::mm_loop::benchmarks},
      {"nested_module", p::nested_module::benchmarks},
      {"runtime_overhead", p::runtime_overhead::benchmarks},
      {"sum_floordiv", p::sum_floordiv::benchmarks},
      {"symint_sum", p::symint_sum::benchmarks},
      {"unbind_split_flip_cat", p::unbind_split_flip_cat::benchmarks},
      {"update_hint", p::update_hint::benchmarks},
  };
  return all;
}

const std::map<std::string, Overrides>& small_params() {
  static const std::map<std::string, Overrides> params = {
      {"libtorch_add_loop",
       {{"n", std::int64_t{7}},
        {"size", std::int64_t{5}},
        {"dynamic_size", std::int64_t{8}}}},
      {"libtorch_aotdispatcher_inference", {{"inputs", std::int64_t{5}}}},
      {"libtorch_aotdispatcher_training", {{"inputs", std::int64_t{5}}}},
      {"libtorch_aotdispatcher_partitioner", {{"weights", std::int64_t{5}}}},
      {"libtorch_autograd_function_apply_13_in_2_out_no_save",
       {{"warmup", std::int64_t{10}}}},
      {"libtorch_basic_modules_ListOfLinears", {{"count", std::int64_t{5}}}},
      {"libtorch_deep_nested_module", {{"depth", std::int64_t{4}}}},
      {"libtorch_diffusion_dit_full", {{"blocks", std::int64_t{2}}}},
      {"libtorch_diffusion_dit_regional", {{"blocks", std::int64_t{2}}}},
      {"libtorch_basic_InlineMod",
       {{"n", std::int64_t{7}}, {"depth", std::int64_t{4}}}},
      {"libtorch_mm_loop", {{"n", std::int64_t{4}}}},
      {"libtorch_basic_NestedModule", {{"depth", std::int64_t{2}}}},
      {"libtorch_sum_floordiv_regression", {{"n", std::int64_t{10}}}},
      {"libtorch_symint_sum", {{"n", std::int64_t{12}}}},
      {"libtorch_symint_sum_loop", {{"n", std::int64_t{12}}}},
      {"libtorch_unbind_split_flip_cat",
       {{"iterations", std::int64_t{3}}, {"batch", std::int64_t{5}}}},
  };
  return params;
}

tally::BenchmarkInfo find(const std::string& name) {
  for (const auto& plugin : plugins())
    for (auto& info : plugin.benchmarks())
      if (info.name == name) return info;
  throw std::runtime_error("no benchmark " + name);
}

tally::Cell make_cell(const tally::BenchmarkInfo& info,
                      const std::string& backend, bool dynamic,
                      const Overrides& overrides) {
  tally::Cell cell;
  cell.backend = backend;
  cell.device = "cpu";
  cell.dynamic = dynamic;
  for (const auto& spec : info.params)
    cell.params.set(spec.name, spec.default_value);
  auto small = small_params().find(info.name);
  if (small != small_params().end())
    for (const auto& [k, v] : small->second) cell.params.set(k, v);
  for (const auto& [k, v] : overrides) cell.params.set(k, v);
  return cell;
}

struct CellRun {
  std::vector<Stack> outputs;
  std::shared_ptr<torch::jit::Graph> graph;
  CountingMeter meter;
};

// One cell as the runner drives it: prepare_once, then three iterations;
// prepare() itself checks the previous iteration's outputs against eager.
CellRun run_cell(const tally::BenchmarkInfo& info, const std::string& backend,
                 bool dynamic, const Overrides& overrides = {}) {
  auto bench = info.make();
  auto* inspect = dynamic_cast<Inspectable*>(bench.get());
  if (!inspect) throw std::runtime_error(info.name + " is not Inspectable");
  CellRun run;
  bench->prepare_once(make_cell(info, backend, dynamic, overrides));
  for (int i = 0; i < 3; ++i) {
    bench->prepare();
    bench->work(run.meter);
  }
  run.outputs = inspect->outputs();
  run.graph = inspect->last_graph();
  return run;
}

std::string text(const std::shared_ptr<torch::jit::Graph>& graph) {
  std::ostringstream s;
  if (graph) s << *graph;
  return s.str();
}

bool fused(const std::shared_ptr<torch::jit::Graph>& graph) {
  return text(graph).find("prim::TensorExprGroup") != std::string::npos;
}

Stack eager(const std::string& name, bool dynamic = false, size_t call = 0) {
  return run_cell(find(name), "eager", dynamic).outputs.at(call);
}

void expect_same(const Stack& actual, const Stack& expected) {
  EXPECT_NO_THROW(tally::libtorch::expect_same(actual, expected, "outputs"));
}

// Every backend (and dynamic variant) of every benchmark equals eager.
class EveryBenchmark : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryBenchmark, BackendsMatchEager) {
  for (const auto& info : [&] {
         for (const auto& plugin : plugins())
           if (plugin.name == GetParam()) return plugin.benchmarks();
         throw std::runtime_error("no plugin " + GetParam());
       }()) {
    ASSERT_FALSE(info.backends.empty());
    ASSERT_EQ(info.backends.front(), "eager") << info.name;
    // The reference: eager on the same seed, so the same weights and calls.
    // Dynamic cells make more calls; prepare() checks those against eager.
    const CellRun reference = run_cell(info, "eager", false);
    for (bool dynamic : info.dynamic) {
      for (const auto& backend : info.backends) {
        if (backend == "eager" ||
            (dynamic && backend != "jit" && backend != "nnc"))
          continue;
        SCOPED_TRACE(info.name + " " + backend + (dynamic ? " dynamic" : ""));
        CellRun run = run_cell(info, backend, dynamic);
        if (info.regions_for(backend).empty()) {
          EXPECT_EQ(run.meter.entered.count("compile_time"), 0u);
        } else {
          EXPECT_GE(run.meter.entered["compile_time"], 3);
          EXPECT_TRUE(run.graph);
        }
        ASSERT_GE(run.outputs.size(), reference.outputs.size());
        for (size_t i = 0; i < reference.outputs.size(); ++i)
          if (!dynamic) expect_same(run.outputs[i], reference.outputs[i]);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Plugins, EveryBenchmark,
    [] {
      std::vector<std::string> names;
      for (const auto& plugin : plugins()) names.push_back(plugin.name);
      return ::testing::ValuesIn(names);
    }(),
    [](const ::testing::TestParamInfo<std::string>& param) {
      return param.param;
    });

// Eager itself against values computed here by hand.
TEST(EagerValues, InlineModAddsN) {
  expect_same(eager("libtorch_basic_InlineMod"), {at::ones({10}) + 7});
}

TEST(EagerValues, AddLoop) {
  at::Tensor b = at::ones({5}), r = b.clone();
  for (int i = 0; i < 7; ++i)
    r = i % 3 == 0 ? r + b : i % 3 == 1 ? r + 8 * b : r.sin();
  expect_same(eager("libtorch_add_loop"), {r});
}

TEST(EagerValues, MmLoopOfOnes) {
  // Each mm of all-ones 10 x 10 matrices multiplies the entries by 10.
  expect_same(eager("libtorch_mm_loop"), {at::full({10, 10}, 1e5)});
}

TEST(EagerValues, NestedModule) {
  std::function<double(double, int)> nested = [&](double x, int depth) {
    x = std::max(x, 0.0);
    double sub = x;
    for (int i = 0; i < 4; ++i)
      sub = depth > 0 ? nested(sub, depth - 1) : std::max(sub, 0.0);
    x = x + sub;
    return x + std::max(x, 0.0) + 2;
  };
  expect_same(eager("libtorch_basic_NestedModule"),
              {at::full({10}, nested(1.0, 2))});
}

TEST(EagerValues, AotdispatcherDoubles) {
  std::vector<at::Tensor> outs(5, at::full({100}, 2.0));
  expect_same(eager("libtorch_aotdispatcher_inference"), {c10::IValue(outs)});
}

TEST(EagerValues, SumFloordiv) {
  // (2 + 3 + ... + 11) // 2
  expect_same(eager("libtorch_sum_floordiv_regression"),
              {std::int64_t{65 / 2}});
}

TEST(EagerValues, SymintSumIsTheSum) {
  torch::manual_seed(0);
  at::Tensor a = at::randint(10, {12}, at::kLong);
  expect_same(eager("libtorch_symint_sum"), {a.sum()});
  expect_same(eager("libtorch_symint_sum_loop"), {a.sum()});
}

TEST(EagerValues, UpdateHintSplits) {
  torch::manual_seed(0);
  at::Tensor splits = at::randint(10, {20}, at::kLong);
  at::Tensor input = at::randn({splits.sum().item<std::int64_t>()});
  std::vector<std::int64_t> sizes(splits.data_ptr<std::int64_t>(),
                                  splits.data_ptr<std::int64_t>() + 20);
  expect_same(eager("libtorch_update_hint_regression"),
              {c10::IValue(input.split_with_sizes(sizes))});
}

TEST(EagerValues, FloatArgsAddsTheFloat) {
  CellRun run = run_cell(find("libtorch_float_args"), "eager", false);
  ASSERT_EQ(run.outputs.size(), 8u);
  for (int i = 0; i < 8; ++i)
    expect_same(run.outputs[i], {at::arange(3, at::kLong) + i * 2.5});
}

TEST(EagerValues, UnbindSplitFlipCatReversesEachPiece) {
  torch::manual_seed(0);
  CellRun run =
      run_cell(find("libtorch_unbind_split_flip_cat"), "eager", false);
  auto results = run.outputs.at(0).at(0).toTensorVector();
  ASSERT_EQ(results.size(), 3u);
  torch::manual_seed(0);
  for (int i = 0; i < 3; ++i) {
    at::Tensor sizes = at::randint(1, 10, {5}, at::kLong);
    std::int64_t start = 0;
    std::vector<at::Tensor> pieces;
    for (int j = 0; j < 5; ++j) {
      const auto n = sizes[j].item<std::int64_t>();
      pieces.push_back(at::arange(start + n - 1, start - 1, -1, at::kLong));
      start += n;
    }
    EXPECT_TRUE(at::equal(results[i], at::cat(pieces)));
  }
}

// Trace bakes the first float, then takes it as an input once it changes:
// two captures per iteration, as Dynamo compiles float_args twice.
TEST(Backends, TraceCompilesTwiceForChangingFloats) {
  for (const char* backend : {"trace", "jit"})
    EXPECT_EQ(run_cell(find("libtorch_float_args"), backend, false)
                  .meter.entered["compile_time"],
              3 * 2)
        << backend;
  EXPECT_EQ(run_cell(find("libtorch_float_args"), "script", false)
                .meter.entered["compile_time"],
            3);
}

TEST(Backends, NncFusesAndJitDoesNot) {
  for (const char* name : {"libtorch_basic_InlineMod", "libtorch_add_loop"}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(fused(run_cell(find(name), "nnc", false).graph));
    EXPECT_FALSE(fused(run_cell(find(name), "jit", false).graph));
  }
}

TEST(Backends, DynamicNncFusesForEveryShape) {
  CellRun run = run_cell(find("libtorch_add_loop"), "nnc", true);
  EXPECT_NE(text(run.graph).find("TensorExprDynamicGuard"), std::string::npos)
      << text(run.graph);
  ASSERT_EQ(run.outputs.size(), 2u);
  EXPECT_EQ(run.outputs[1][0].toTensor().size(0), 8);
}

TEST(Backends, DynamicCallsMatchEager) {
  // Eager on the dynamic calls, computed here: add_loop on ones(8).
  at::Tensor b = at::ones({8}), r = b.clone();
  for (int i = 0; i < 7; ++i)
    r = i % 3 == 0 ? r + b : i % 3 == 1 ? r + 8 * b : r.sin();
  for (const char* backend : {"jit", "nnc"})
    expect_same(
        run_cell(find("libtorch_add_loop"), backend, true).outputs.at(1), {r});
}

TEST(Backends, ScriptInlinesTheChain) {
  CellRun run = run_cell(find("libtorch_basic_InlineMod"), "script", false);
  const std::string g = text(run.graph);
  EXPECT_EQ(g.find("prim::CallFunction"), std::string::npos) << g;
}

TEST(Backends, TrainingBuildsDifferentiableGraphs) {
  CellRun run =
      run_cell(find("libtorch_aotdispatcher_partitioner"), "jit", false);
  EXPECT_NE(text(run.graph).find("prim::DifferentiableGraph"),
            std::string::npos)
      << text(run.graph);
}

TEST(Skips, DynamicOutsideJitAndCudaWithoutDevice) {
  auto info = find("libtorch_add_loop");
  EXPECT_THROW(info.make()->prepare_once(make_cell(info, "trace", true, {})),
               tally::SkipCell);
  if (!torch::cuda::is_available()) {
    auto cell = make_cell(info, "nnc", false, {});
    cell.device = "cuda";
    try {
      info.make()->prepare_once(cell);
      ADD_FAILURE() << "cuda cell not skipped";
    } catch (const tally::SkipCell& skip) {
      EXPECT_NE(std::string(skip.what()).find("CUDA not available"),
                std::string::npos);
    }
  }
}

TEST(RuntimeOverhead, EveryVariantRuns) {
  for (const char* name :
       {"libtorch_runtime_overhead", "libtorch_runtime_overhead_inference_mode",
        "libtorch_runtime_overhead_requires_grad",
        "libtorch_runtime_overhead_requires_grad_backward"}) {
    auto info = find(name);
    EXPECT_TRUE(info.regions.empty());
    for (const auto& backend : info.backends)
      for (bool dynamic : {false, true}) {
        if (dynamic && backend != "jit" && backend != "nnc") continue;
        SCOPED_TRACE(std::string(name) + " " + backend);
        CellRun run = run_cell(info, backend, dynamic);
        if (std::string(name).find("backward") == std::string::npos)
          expect_same(run.outputs.at(0), {at::full({2}, 2.0)});
      }
  }
}

TEST(AutogradFunction, ReturnsThePreallocatedOutputs) {
  CellRun run =
      run_cell(find("libtorch_autograd_function_apply_13_in_2_out_no_save"),
               "eager", false);
  ASSERT_EQ(run.outputs.at(0).size(), 2u);
  for (const auto& out : run.outputs[0]) {
    EXPECT_EQ(out.toTensor().numel(), 0);
    EXPECT_TRUE(out.toTensor().grad_fn()) << "apply() wraps the outputs";
  }
}

}  // namespace

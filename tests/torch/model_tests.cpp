// Each LibTorch plugin's model under every backend it declares (cpu, static
// and dynamic) against a direct eager computation on a small input.
#include <gtest/gtest.h>
#include <torch/cuda.h>

#include <map>
#include <string>
#include <tally_libtorch/model.hpp>

#include "dynamo_inline/model.hpp"

namespace {

using tally::libtorch::ModelBenchmark;
using tally::libtorch::Stack;

class CountingMeter : public tally::Meter {
 public:
  void begin(std::string_view region) override {
    ++entered[std::string(region)];
  }
  void end(std::string_view) override {}
  std::map<std::string, int> entered;
};

const tally::BenchmarkInfo& find(const std::vector<tally::BenchmarkInfo>& infos,
                                 const std::string& name) {
  for (const auto& info : infos)
    if (info.name == name) return info;
  throw std::runtime_error("no benchmark " + name);
}

struct Run {
  std::vector<Stack> outputs;
  std::shared_ptr<torch::jit::Graph> graph;
  CountingMeter meter;
};

// One cell: prepare_once, then two iterations (the second checks the first's
// outputs against eager itself).
std::unique_ptr<Run> run_cell(
    const tally::BenchmarkInfo& info, const std::string& backend, bool dynamic,
    const std::map<std::string, tally::ParamValue>& params) {
  tally::Cell cell;
  cell.backend = backend;
  cell.device = "cpu";
  cell.dynamic = dynamic;
  for (const auto& spec : info.params)
    cell.params.set(spec.name, spec.default_value);
  for (const auto& [k, v] : params) cell.params.set(k, v);
  auto bench = info.make();
  auto* model = dynamic_cast<ModelBenchmark*>(bench.get());
  if (!model) throw std::runtime_error(info.name + " is not a ModelBenchmark");
  auto run = std::make_unique<Run>();
  model->prepare_once(cell);
  for (int i = 0; i < 2; ++i) {
    model->prepare();
    model->work(run->meter);
  }
  run->outputs = model->outputs();
  run->graph = model->last_graph();
  return run;
}

std::vector<std::pair<std::string, bool>> cells_of(
    const tally::BenchmarkInfo& info) {
  std::vector<std::pair<std::string, bool>> cells;
  for (const auto& backend : info.backends)
    for (bool dynamic : info.dynamic)
      if (!dynamic || backend == "jit" || backend == "nnc")
        cells.emplace_back(backend, dynamic);
  return cells;
}

// Runs every cell of `name` and compares each call's outputs with `expected`.
void check_all(
    const std::vector<tally::BenchmarkInfo>& infos, const std::string& name,
    const std::map<std::string, tally::ParamValue>& params,
    const std::function<std::vector<Stack>(bool dynamic)>& expected) {
  const auto& info = find(infos, name);
  for (const auto& [backend, dynamic] : cells_of(info)) {
    SCOPED_TRACE(name + " " + backend + (dynamic ? " dynamic" : ""));
    auto run = run_cell(info, backend, dynamic, params);
    auto want = expected(dynamic);
    ASSERT_EQ(run->outputs.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i)
      EXPECT_NO_THROW(tally::libtorch::expect_same(
          run->outputs[i], want[i], "call " + std::to_string(i)));
    if (backend == "eager") {
      EXPECT_EQ(run->meter.entered.count("compile_time"), 0u);
    } else {
      EXPECT_GE(run->meter.entered["compile_time"], 2) << "one per iteration";
      ASSERT_TRUE(run->graph);
    }
  }
}

bool has_fusion_group(const std::shared_ptr<torch::jit::Graph>& graph) {
  std::ostringstream s;
  s << *graph;
  return s.str().find("prim::TensorExpr") != std::string::npos;
}

TEST(DynamoInline, AllBackendsMatchEager) {
  const int n = 7;
  check_all(tally::plugins::dynamo_inline::benchmarks(), "basic_InlineMod",
            {{"n", std::int64_t{n}}, {"depth", std::int64_t{4}}},
            [&](bool) -> std::vector<Stack> { return {{at::ones({10}) + n}}; });
}

TEST(DynamoInline, NncFusesTheAdds) {
  const auto infos = tally::plugins::dynamo_inline::benchmarks();
  auto run = run_cell(find(infos, "basic_InlineMod"), "nnc", false,
                      {{"n", std::int64_t{5}}});
  EXPECT_TRUE(has_fusion_group(run->graph)) << *run->graph;
  auto jit = run_cell(find(infos, "basic_InlineMod"), "jit", false,
                      {{"n", std::int64_t{5}}});
  EXPECT_FALSE(has_fusion_group(jit->graph)) << *jit->graph;
}

TEST(DynamoInline, UnknownDeviceAndCudaSkip) {
  const auto infos = tally::plugins::dynamo_inline::benchmarks();
  const auto& info = find(infos, "basic_InlineMod");
  tally::Cell cell;
  cell.backend = "trace";
  cell.device = "cuda";
  for (const auto& spec : info.params)
    cell.params.set(spec.name, spec.default_value);
  auto bench = info.make();
  if (!::torch::cuda::is_available())
    EXPECT_THROW(bench->prepare_once(cell), tally::SkipCell);
}

}  // namespace

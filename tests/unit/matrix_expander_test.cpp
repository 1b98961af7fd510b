#include <gtest/gtest.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "plan/plan.hpp"

namespace tally {
namespace {

Catalog catalog() {
  BenchmarkManifest inline_mod;
  inline_mod.name = "basic_InlineMod";
  inline_mod.backends = {"eager", "trace"};
  inline_mod.devices = {"cpu"};
  inline_mod.dynamic = {false};
  inline_mod.regions = {"compile_time"};
  inline_mod.backend_regions = {{"eager", {}}};
  inline_mod.params = {{"n", std::int64_t{1000}, "", 1}, {"scale", 1.5, ""}};
  BenchmarkManifest add_loop = inline_mod;
  add_loop.name = "add_loop";
  add_loop.dynamic = {false, true};
  add_loop.params.clear();
  PluginManifest plugin{"/p/x.so", "x", "1", {inline_mod, add_loop}};
  return {{plugin}, {}};
}

Config config(const std::string& yaml) { return parse_config(yaml, "m.yaml"); }

TEST(MatrixExpander, NamesFollowPyTorchConvention) {
  EXPECT_EQ(result_name("add_loop", "nnc", "cuda", true, std::nullopt),
            "add_loop_nnc_dynamic_gpu");
  EXPECT_EQ(result_name("basic_InlineMod", "trace", "cpu", false,
                        std::string("small")),
            "basic_InlineMod_trace_small");
}

TEST(MatrixExpander, ProductWithSkipsForUnsupportedPoints) {
  Plan plan = expand_matrix(config(R"(
matrix: {backend: [eager, trace, nnc], device: [cpu, cuda], dynamic: [false, true]}
benchmarks: [{name: add_loop}]
)"),
                            catalog());
  EXPECT_EQ(plan.cells.size() + plan.skipped.size(), 12u);
  EXPECT_EQ(plan.cells.size(), 4u);  // eager/trace x dynamic false/true on cpu
  bool saw_nnc = false, saw_cuda = false;
  for (const auto& s : plan.skipped) {
    if (s.name == "add_loop_nnc") {
      saw_nnc = true;
      EXPECT_NE(s.reason.find("backend 'nnc' is not supported"),
                std::string::npos);
    }
    if (s.name == "add_loop_eager_gpu") {
      saw_cuda = true;
      EXPECT_NE(s.reason.find("device 'cuda'"), std::string::npos);
    }
  }
  EXPECT_TRUE(saw_nnc && saw_cuda);
}

TEST(MatrixExpander, DefaultsParamsAndRegionsPerBackend) {
  Plan plan = expand_matrix(config(R"(
defaults: {iterations: 3, timeout: 20}
benchmarks:
  - name: basic_InlineMod
    params: {n: 7}
    iterations: 2
)"),
                            catalog());
  ASSERT_EQ(plan.cells.size(), 2u);
  const auto& eager = plan.cells[0];
  const auto& trace = plan.cells[1];
  EXPECT_EQ(eager.name, "basic_InlineMod_eager");
  EXPECT_EQ(eager.cell.params.get<std::int64_t>("n"), 7);
  EXPECT_DOUBLE_EQ(eager.cell.params.get<double>("scale"), 1.5);
  EXPECT_EQ(eager.iterations, 2);
  EXPECT_EQ(eager.timeout_s, 20);
  EXPECT_EQ(eager.regions, (std::vector<std::string>{"total"}));
  EXPECT_EQ(trace.regions, (std::vector<std::string>{"total", "compile_time"}));
}

TEST(MatrixExpander, ExcludeRuleSkipsWithItsLocation) {
  Plan plan = expand_matrix(config(R"(
benchmarks: [{name: "*"}]
exclude:
  - {name: add_*, backend: trace}
)"),
                            catalog());
  bool found = false;
  for (const auto& s : plan.skipped)
    if (s.name == "add_loop_trace") {
      found = true;
      EXPECT_NE(s.reason.find("excluded by the rule at m.yaml:4"),
                std::string::npos)
          << s.reason;
    }
  EXPECT_TRUE(found);
}

void expect_error(const std::string& yaml, const std::string& where,
                  const std::string& words) {
  try {
    expand_matrix(config(yaml), catalog());
    FAIL() << "expected an error for\n" << yaml;
  } catch (const ConfigError& e) {
    std::string message = e.what();
    EXPECT_EQ(message.rfind(where, 0), 0u) << message;
    EXPECT_NE(message.find(words), std::string::npos) << message;
  }
}

TEST(MatrixExpander, ErrorsNameFileLineAndColumn) {
  expect_error("benchmarks:\n  - name: basic_InlineMd\n",
               "m.yaml:2:11:", "did you mean 'basic_InlineMod'");
  expect_error("benchmarks:\n  - name: basic_InlineMod\n    params: {m: 3}\n",
               "m.yaml:3:", "unknown parameter 'm'");
  expect_error("benchmarks:\n  - name: basic_InlineMod\n    params: {n: 0}\n",
               "m.yaml:3:", "must be at least 1");
  expect_error(
      "benchmarks:\n  - name: basic_InlineMod\n    params: {n: fast}\n",
      "m.yaml:3:", "must be integer, found string");
  expect_error("benchmarks:\n  - name: add_loop\n  - name: add_*\n",
               "m.yaml:3:", "produced twice");
}

TEST(MatrixExpander, LabelDisambiguatesRepeatedBenchmark) {
  Plan plan = expand_matrix(config(R"(
matrix: {backend: [trace]}
benchmarks:
  - {name: basic_InlineMod}
  - {name: basic_InlineMod, params: {n: 5}, label: small}
)"),
                            catalog());
  ASSERT_EQ(plan.cells.size(), 2u);
  EXPECT_EQ(plan.cells[1].name, "basic_InlineMod_trace_small");
}

// A PyTorch-file instance is one point under its own name: a matrix that
// holds it plans it; one that leaves it out skips it with the reason where
// the config names it.
TEST(MatrixExpander, FixedNameBenchmarkIsItsPointOrASkippedRow) {
  BenchmarkManifest gpu;
  gpu.name = gpu.result_name = "mm_loop_inductor_gpu";
  gpu.backends = {"inductor"};
  gpu.devices = {"cuda"};
  gpu.dynamic = {false};
  Catalog fixed{{PluginManifest{"/p/mm_loop.py", "mm_loop.py", "1", {gpu}}},
                {}};
  Plan on_cpu = expand_matrix(
      config("benchmarks:\n  - {name: mm_loop_inductor_gpu}\n"), fixed);
  EXPECT_TRUE(on_cpu.cells.empty());
  ASSERT_EQ(on_cpu.skipped.size(), 1u);
  EXPECT_EQ(on_cpu.skipped[0].name, "mm_loop_inductor_gpu");
  EXPECT_EQ(on_cpu.skipped[0].reason,
            "it runs only at backend inductor, device cuda, dynamic false, "
            "which the matrix leaves out");
  Plan on_cuda = expand_matrix(
      config("matrix: {device: [cpu, cuda], backend: [eager, inductor]}\n"
             "benchmarks:\n  - {name: mm_loop_inductor_gpu}\n"),
      fixed);
  ASSERT_EQ(on_cuda.cells.size(), 1u);
  EXPECT_EQ(on_cuda.cells[0].name, "mm_loop_inductor_gpu");
  EXPECT_TRUE(on_cuda.skipped.empty());
  // A pattern takes the points its matrix holds: no row for the others.
  Plan pattern =
      expand_matrix(config("benchmarks:\n  - {name: \"mm_loop_*\"}\n"), fixed);
  EXPECT_TRUE(pattern.cells.empty());
  EXPECT_TRUE(pattern.skipped.empty());
}

}  // namespace
}  // namespace tally

namespace tally {
namespace {

// 500 benchmarks × 100 backends × 2 dynamic values = 100,000 cells from a
// 20-line file: expansion must stay fast and bounded in memory. Prints the
// figures; run alone for a clean peak RSS:
//   tally_tests --gtest_filter=MatrixExpander.HundredThousandCells*
TEST(MatrixExpander, HundredThousandCellsExpandFastInBoundedMemory) {
  BenchmarkManifest bench;
  bench.devices = {"cpu"};
  bench.dynamic = {false, true};
  bench.regions = {"compile_time"};
  bench.params = {{"n", std::int64_t{1000}, "", 1}};
  std::string backends;
  for (int b = 0; b < 100; ++b) {
    bench.backends.push_back("b" + std::to_string(b));
    backends += (b ? ", b" : "b") + std::to_string(b);
  }
  PluginManifest plugin{"/p/big.so", "big", "1", {}};
  for (int i = 0; i < 500; ++i) {
    bench.name = "bench" + std::to_string(i);
    plugin.benchmarks.push_back(bench);
  }
  Catalog big{{plugin}, {}};
  rusage before{};
  ::getrusage(RUSAGE_SELF, &before);
  auto start = std::chrono::steady_clock::now();
  Plan plan = expand_matrix(
      config("matrix: {backend: [" + backends +
             "], dynamic: [false, true]}\nbenchmarks: [{name: \"*\"}]\n"),
      big);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  rusage after{};
  ::getrusage(RUSAGE_SELF, &after);
  ASSERT_EQ(plan.cells.size(), 100000u);
  EXPECT_TRUE(plan.skipped.empty());
  std::printf("100000 cells: %.2f s, peak RSS %ld MiB (was %ld MiB before)\n",
              seconds, after.ru_maxrss / 1024, before.ru_maxrss / 1024);
  // Generous bounds that still catch a quadratic step or a blow-up.
  EXPECT_LT(seconds, 30.0);
  EXPECT_LT(after.ru_maxrss - before.ru_maxrss, 1024L * 1024);  // KiB: < 1 GiB
}

}  // namespace
}  // namespace tally

// Runs of the knob test plugin: per-metric noise and the environment in
// results.json, --verify, the interchange formats read by their own tools,
// and compare across formats and environments.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace noise_run_test {

using nlohmann::json;

const char* kGbenchInputs = "/usr/share/benchmark/gbench/Inputs/";
const char* kComparePy = "/usr/share/benchmark/compare.py";

// Two knob cells: `fixed` is the same in every run, `planted` is lengthened
// by `slowdown` percent.
std::string knob_config(const std::string& dir, double slowdown,
                        const std::string& extra_defaults = "",
                        long length = 300000) {
  const std::string n = std::to_string(length);
  const std::string path = dir + "/knob.yaml";
  write_text(path, "defaults: {iterations: 5" + extra_defaults +
                       "}\n"
                       "benchmarks:\n"
                       "  - {name: knob_spin, label: fixed, params: {n: " +
                       n +
                       "}}\n"
                       "  - {name: knob_spin, label: planted, params: {n: " +
                       n +
                       ", "
                       "slowdown_pct: " +
                       std::to_string(slowdown) + "}}\n");
  return path;
}

CliResult run_knob(const std::string& dir, const std::string& out,
                   double slowdown, const std::string& counter,
                   std::vector<std::string> more = {}, long length = 300000) {
  std::vector<std::string> args = {"run",
                                   knob_config(dir, slowdown, "", length),
                                   "--no-default-plugins",
                                   "--plugins",
                                   loadable_plugins(),
                                   "--counter",
                                   counter,
                                   "--out",
                                   out};
  args.insert(args.end(), more.begin(), more.end());
  return run_tally(args);
}

json read_json(const std::string& path) { return json::parse(read_text(path)); }

// The output of a shell command, stdout and stderr.
std::string shell_output(const std::string& command, int* status) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  std::size_t n;
  while (pipe && (n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int raw = pipe ? pclose(pipe) : -1;
  *status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return out;
}

TEST(NoiseRun, ResultsJsonKeepsNoiseAndEnvironment) {
  const std::string dir = make_temp_dir("noise-json");
  const CliResult r =
      run_knob(dir, dir + "/out", 0, "wall", {"--iterations", "7"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json doc = read_json(dir + "/out/results.json");
  const json& env = doc["metadata"]["environment"];
  EXPECT_TRUE(env["cpu"]["model"].is_string());
  EXPECT_TRUE(env["kernel"]["release"].is_string());
  EXPECT_TRUE(env["aslr"].is_string());
  EXPECT_TRUE(env["compiler_flags"].is_string());
  EXPECT_EQ(env["libtorch"]["cxx11_abi"], true);
  EXPECT_EQ(env["threads"]["cells"], json::array({1}));
  EXPECT_TRUE(env["cpufreq"].contains("governor"));
  for (const json& cell : doc["cells"]) {
    const json& m = cell["metrics"]["wall_time_ns"];
    const double min = m["min"], max = m["max"];
    EXPECT_DOUBLE_EQ(m["spread"].get<double>(), (max - min) / min);
    EXPECT_GE(m["cv"].get<double>(), 0);
    EXPECT_EQ(m["unstable"].get<bool>(), m["spread"].get<double>() > 0.10);
    EXPECT_EQ(cell["unstable_spread"], 0.10);
  }
}

TEST(NoiseRun, UnstableSpreadComesFromTheMatrix) {
  const std::string dir = make_temp_dir("noise-unstable");
  // A spread of 0.0001 % is below what any wall clock repeats to.
  ASSERT_EQ(run_tally({"run", knob_config(dir, 0, ", unstable_spread: 0.0001"),
                       "--no-default-plugins", "--plugins", loadable_plugins(),
                       "--counter", "wall", "--out", dir + "/out"})
                .exit_code,
            0);
  const json doc = read_json(dir + "/out/results.json");
  EXPECT_EQ(doc["cells"][0]["metrics"]["wall_time_ns"]["unstable"], true);
  const CliResult bad = run_tally(
      {"run", knob_config(dir, 0, ", unstable_spread: 0"),
       "--no-default-plugins", "--plugins", loadable_plugins(), "--dry-run"});
  EXPECT_EQ(bad.exit_code, 3);
  EXPECT_NE(bad.err.find("knob.yaml:1:"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("'unstable_spread' must be a number of percent"),
            std::string::npos)
      << bad.err;
}

TEST(NoiseRun, ComparePyReadsTheGbenchExportAndNamesTheChange) {
  if (std::system("/usr/bin/python3 -c 'import scipy' 2>/dev/null") != 0 ||
      !std::ifstream(kComparePy))
    GTEST_SKIP() << "libbenchmark-tools or python3-scipy is not installed";
  const std::string dir = make_temp_dir("noise-gbench");
  // 9 repetitions, as compare.py advises, keep its medians clear of
  // preempted samples. A loop of 3,000,000 outweighs a sample's fixed costs
  // (at 300,000 a doubling read +26 %: the page faults of a fresh process).
  for (const auto& [side, plant] :
       {std::pair<const char*, double>{"/base", 0}, {"/new", 300}})
    ASSERT_EQ(
        run_knob(dir, dir + side, plant, "wall", {"--iterations", "9"}, 3000000)
            .exit_code,
        0);
  for (const char* side : {"base", "new"})
    ASSERT_EQ(run_tally({"export", dir + "/" + side, "--format", "gbench-json",
                         "--out", dir + "/" + side + ".json"})
                  .exit_code,
              0);
  int status = 0;
  const std::string out =
      shell_output("/usr/bin/python3 " + std::string(kComparePy) +
                       " --no-color benchmarks " + quote(dir + "/base.json") +
                       " " + quote(dir + "/new.json"),
                   &status);
  ASSERT_EQ(status, 0) << out;
  // compare.py prints the relative change of real_time per repetition and
  // per aggregate; the median's is robust to a preempted repetition. The
  // planted cell's loop is 4 times as long: +3.0, give or take the noise.
  const auto change_of = [&out](const std::string& name) {
    const auto at = out.find(name + " ");
    return at == std::string::npos ? -99
                                   : std::stod(out.substr(at + name.size()));
  };
  EXPECT_GT(change_of("knob_spin_native_planted/wall_time_ns_median"), 0.5)
      << out;
  // A loaded machine (CI runs tests two at a time) can slow a whole run, the
  // fixed cell's too; the planted one still moves by its plant more.
  EXPECT_GT(change_of("knob_spin_native_planted/wall_time_ns_median"),
            change_of("knob_spin_native_fixed/wall_time_ns_median"))
      << out;
  EXPECT_NE(out.find("knob_spin_native_planted/wall_time_ns_pvalue"),
            std::string::npos)
      << out;
  // tally reads the export back as the run it came from.
  const CliResult same = run_tally(
      {"compare", dir + "/new", dir + "/new.json", "--format", "json"});
  ASSERT_EQ(same.exit_code, 0) << same.err;
  const json c = json::parse(same.out);
  EXPECT_EQ(c["rows"].size(), 2u);
  for (const json& row : c["rows"]) EXPECT_EQ(row["change"], 0);
  EXPECT_EQ(c["cross_environment"], false);
}

TEST(NoiseRun, CompareReadsGoogleBenchmarkFilesAndSaysWhatItSkips) {
  const std::string base = std::string(kGbenchInputs) + "test3_run0.json";
  if (!std::ifstream(base)) GTEST_SKIP() << "libbenchmark-tools not installed";
  const CliResult r = run_tally(
      {"compare", base, std::string(kGbenchInputs) + "test3_run1.json"});
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 5) << r.err;
  EXPECT_NE(r.out.find("BM_Two"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cpu_time is not compared"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("aggregate row(s) (mean, median, stddev, cv) are not "
                       "compared"),
            std::string::npos)
      << r.out;
}

TEST(NoiseRun, OtherFormatsCarryEverySample) {
  const std::string dir = make_temp_dir("noise-formats");
  ASSERT_EQ(run_knob(dir, dir + "/out", 0, "wall").exit_code, 0);
  const json results = read_json(dir + "/out/results.json");
  const json& samples =
      results["cells"][0]["metrics"]["wall_time_ns"]["samples"];
  const std::string name = results["cells"][0]["name"];
  const CliResult bencher =
      run_tally({"export", dir + "/out", "--format", "bencher"});
  ASSERT_EQ(bencher.exit_code, 0) << bencher.err;
  const json bmf = json::parse(bencher.out)[name]["wall-time-ns"];
  EXPECT_EQ(bmf["value"],
            results["cells"][0]["metrics"]["wall_time_ns"]["min"]);
  EXPECT_EQ(bmf["upper_value"],
            results["cells"][0]["metrics"]["wall_time_ns"]["max"]);
  const CliResult pytorch =
      run_tally({"export", dir + "/out", "--format", "pytorch"});
  ASSERT_EQ(pytorch.exit_code, 0) << pytorch.err;
  const json record = json::parse(pytorch.out)[0];
  EXPECT_EQ(record["model"]["name"], name);
  EXPECT_EQ(record["metric"]["name"], "wall_time_ns");
  EXPECT_EQ(record["metric"]["benchmark_values"], samples);
  EXPECT_EQ(record["runners"][0]["cpu_info"], results["metadata"]["cpu"]);
}

TEST(NoiseRun, CrossEnvironmentComparisonIsMarked) {
  const std::string dir = make_temp_dir("noise-env");
  ASSERT_EQ(run_knob(dir, dir + "/base", 0, "wall").exit_code, 0);
  json doc = read_json(dir + "/base/results.json");
  doc["metadata"]["environment"]["cpu"]["microcode"] = "0xdead";
  doc["metadata"]["environment"]["threads"]["OMP_NUM_THREADS"] = "7";
  write_text(dir + "/other.json", doc.dump());
  const CliResult r =
      run_tally({"compare", dir + "/base", dir + "/other.json"});
  EXPECT_NE(r.out.find("cross-environment: 2 difference(s)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("environment.cpu.microcode: "), std::string::npos);
  EXPECT_NE(r.out.find("-> 0xdead"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("environment.threads.OMP_NUM_THREADS: "),
            std::string::npos);
  EXPECT_NE(r.out.find("-> 7\n"), std::string::npos) << r.out;
}

TEST(NoiseRun, BadInputForNewFlags) {
  const std::string dir = make_temp_dir("noise-bad");
  write_text(dir + "/r.csv", "a,instruction_count,5\n");
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"export", dir + "/r.csv"}, 2, "--format"},
      {{"export", dir + "/r.csv", "--format", "csv"},
       2,
       "--format must be one of gbench-json, bencher, pytorch, got 'csv'"},
      {{"export", dir + "/absent", "--format", "bencher"}, 8, "absent"},
      {{"export", dir + "/r.csv", "--format", "bencher", "--out",
        dir + "/no/such/dir/x.json"},
       8,
       "x.json"},
      {{"compare", dir + "/r.csv", dir + "/r.csv", "--alpha", "0"},
       2,
       "--alpha must be a probability between 0 and 1"},
      {{"compare", dir + "/r.csv", dir + "/r.csv", "--alpha", "high"},
       2,
       "alpha"},
      {{"compare", dir + "/r.csv", dir + "/r.csv", "--test", "t"},
       2,
       "--test must be min-bootstrap or u, got 't'"},
      {{"run", "--verify", "--dry-run"}, 2, "--verify measures"},
  };
  for (const Case& c : cases) {
    const CliResult r = run_tally(c.args);
    EXPECT_EQ(r.exit_code, c.code) << c.args[0] << " " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
  write_text(dir + "/g1.json", R"({"benchmarks": {"x": 1}})");
  write_text(
      dir + "/g2.json",
      R"({"benchmarks": [{"name": "a", "real_time": 1, "time_unit": "fortnight"}]})");
  write_text(dir + "/g3.json", R"({"benchmarks": [{"real_time": 1}]})");
  for (const char* file : {"g1.json", "g2.json", "g3.json"}) {
    const CliResult r =
        run_tally({"compare", dir + "/" + file, dir + "/r.csv"});
    EXPECT_EQ(r.exit_code, 4) << file << ": " << r.err;
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
  }
}

// In the callgrind tier (tests/CMakeLists.txt slices suite Callgrind).
TEST(Callgrind, VerifyFindsEveryCountRepeatedInNewWorkers) {
  const std::string dir = make_temp_dir("noise-verify");
  const CliResult r = run_knob(dir, dir + "/out", 0, "callgrind",
                               {"--iterations", "2", "--verify"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("verify: 2 cell(s) measured twice in separately "
                       "started workers, 0 metric(s) with a different minimum"),
            std::string::npos)
      << r.out;
  const json doc = read_json(dir + "/out/results.json");
  EXPECT_EQ(doc["metadata"]["verify"]["cells"], 2);
}

TEST(NoiseRun, VerifyUnderWallReportsNoiseWithoutFailing) {
  const std::string dir = make_temp_dir("noise-verify-wall");
  const CliResult r = run_knob(dir, dir + "/out", 0, "wall", {"--verify"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("verify: 2 cell(s) measured twice"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("this is a bug"), std::string::npos) << r.out;
}

}  // namespace noise_run_test
}  // namespace tally::test

// Portable counts: under callgrind, a cell's samples do not depend on where
// tally and its plugins are, the working directory, TMPDIR, the size of the
// environment or the host name. Each case runs the same matrix once, with
// one thing changed from the first case, and must give the very same
// samples; the worker must also see the very same strings and addresses.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

// One way of running tally: which binary and plugin folder, from where,
// with what in front of the command.
struct Perturbation {
  std::string name;
  std::string binary;
  std::string plugins;
  std::string cwd;
  std::string env;             // NAME=VALUE ... given to env(1)
  bool new_host_name = false;  // in a UTS namespace of its own
};

bool can_unshare_uts() {
  return std::system("unshare -u true >/dev/null 2>&1") == 0;
}

// Copies `files` of folder `from` into a new folder `to`.
void copy_files(const std::string& from, const std::vector<std::string>& files,
                const std::string& to) {
  std::string command = "mkdir -p " + quote(to);
  for (const auto& f : files)
    command += " && cp -p " + quote(from + "/" + f) + " " + quote(to);
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

// The cases of the issue "portable, hermetic counts"; `base` is a scratch
// folder, `plugin_dir` and `plugin_files` the plugins the matrix needs.
std::vector<Perturbation> perturbations(const std::string& base,
                                        const std::string& plugin_dir,
                                        const std::vector<std::string>& files) {
  const std::string copy = base + "/a-copy-of-the-build-at-a-longer-path";
  copy_files(TALLY_BUILD_DIR, {"tally", "tally-worker"}, copy);
  copy_files(plugin_dir, files, copy + "/plugins");
  const std::string other = base + "/other-plugins";
  copy_files(plugin_dir, files, other);
  const std::string w1 = base + "/w", w2 = base + "/" + std::string(40, 'w'),
                    w3 = w2 + "/" + std::string(100, 'd') + "/x";
  const std::string tmp = base + "/" + std::string(200, 't');
  std::system(("mkdir -p " + quote(w1) + " " + quote(w2) + " " + quote(w3) +
               " " + quote(tmp))
                  .c_str());
  const std::string bin = TALLY_BINARY;
  std::vector<Perturbation> cases = {
      {"the build folder", bin, plugin_dir, w1, ""},
      {"a copy of the build at a longer path", copy + "/tally",
       copy + "/plugins", w1, ""},
      {"plugins from another folder", bin, other, w1, ""},
      {"a much longer working directory", bin, plugin_dir, w3, ""},
      {"a longer working directory", bin, plugin_dir, w2, ""},
      {"a long TMPDIR", bin, plugin_dir, w1, "TMPDIR=" + quote(tmp)},
      {"3,000 more bytes of environment", bin, plugin_dir, w1,
       "SOME_SHELL_VARIABLE=" + std::string(1500, 'v') +
           " TALLY_UNUSED_SETTING=" + std::string(1500, 'v')},
  };
  if (can_unshare_uts())
    cases.push_back({"another host name", bin, plugin_dir, w1, "", true});
  return cases;
}

struct Outcome {
  CliResult cli;
  nlohmann::json samples;  // name -> metric -> every iteration's count
};

Outcome run_case(const Perturbation& p, const std::string& yaml,
                 const std::string& out, const std::string& env = "") {
  std::string command = "cd " + quote(p.cwd) + " && env " + p.env + " " + env;
  std::string tally = quote(p.binary);
  if (p.new_host_name)
    tally =
        "unshare -u sh -c 'hostname a-much-longer-host-name-than-before "
        "&& exec \"$0\" \"$@\"' " +
        tally;
  command += " " + tally + " run " + quote(yaml) +
             " --counter callgrind --jobs 2 --no-default-plugins --plugins " +
             quote(p.plugins) + " --out " + quote(out) + " >" +
             quote(out + ".out") + " 2>" + quote(out + ".err");
  Outcome o;
  const int raw = std::system(command.c_str());
  o.cli.exit_code = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  o.cli.err = read_text(out + ".err");
  const std::string text = read_text(out + "/results.json");
  if (text.empty()) return o;
  const auto results = nlohmann::json::parse(text);
  for (const auto& cell : results["cells"])
    for (const auto& [metric, stats] : cell["metrics"].items())
      o.samples[cell["name"].get<std::string>()][metric] = stats["samples"];
  return o;
}

// Runs every case (or those named in `only`) and expects the first case's
// samples from each.
void expect_same_samples_everywhere(const std::string& base,
                                    const std::string& yaml,
                                    const std::string& plugin_dir,
                                    const std::vector<std::string>& files,
                                    size_t cells,
                                    const std::set<std::string>& only = {}) {
  auto cases = perturbations(base, plugin_dir, files);
  if (!only.empty())
    cases.erase(std::remove_if(cases.begin(), cases.end(),
                               [&](const Perturbation& p) {
                                 return only.count(p.name) == 0;
                               }),
                cases.end());
  ASSERT_EQ(cases.size(), only.empty() ? cases.size() : only.size());
  std::optional<Outcome> first;
  for (size_t i = 0; i < cases.size(); ++i) {
    const Outcome o =
        run_case(cases[i], yaml, base + "/out" + std::to_string(i));
    ASSERT_EQ(o.cli.exit_code, 0) << cases[i].name << ": " << o.cli.err;
    ASSERT_EQ(o.samples.size(), cells) << cases[i].name << ": " << o.cli.err;
    if (!first)
      first = o;
    else
      EXPECT_EQ(o.samples, first->samples)
          << "counts moved with " << cases[i].name
          << "\n  first: " << first->samples.dump()
          << "\n  now:   " << o.samples.dump();
  }
}

// The report of introspect_seen with the random part of the worker's
// private folder (/tmp/tally-XXXXXX) masked.
std::string masked(const std::string& report) {
  return std::regex_replace(report, std::regex("/tmp/tally-[A-Za-z0-9]{6}"),
                            "/tmp/tally-??????");
}

// Where private mounts are refused (a container without user namespaces;
// TALLY_NO_PRIVATE_MOUNT=1 says so here), the worker runs in its folder's
// own random name and still measures.
TEST(PortableCounts, WithoutPrivateMountsTheWorkerRunsInItsRandomFolder) {
  const std::string base = make_temp_dir("portable-nomount");
  const std::string yaml = base + "/m.yaml";
  write_text(yaml,
             "defaults: {iterations: 1}\n"
             "benchmarks: [{name: introspect_seen}]\n");
  const std::string report = base + "/seen.txt";
  const Perturbation plain{"no private mount", TALLY_BINARY, loadable_plugins(),
                           base, "TALLY_NO_PRIVATE_MOUNT=1"};
  const Outcome o = run_case(plain, yaml, base + "/out",
                             "TALLY_TEST_INTROSPECT_OUT=" + quote(report));
  ASSERT_EQ(o.cli.exit_code, 0) << o.cli.err;
  const std::string seen = read_text(report);
  const std::string cwd = seen.substr(4, seen.find('\n') - 4);
  EXPECT_TRUE(std::regex_match(cwd, std::regex("/tmp/tally-[A-Za-z0-9]{6}")))
      << seen;
  EXPECT_NE(cwd, "/tmp/tally-worker");
  EXPECT_NE(::access(cwd.c_str(), F_OK), 0) << cwd << " was left behind";
}

// A folder for what workers write back: outside /tmp, which a worker with
// a private mount sees as its own.
std::string report_dir(const std::string& name) {
  const std::string dir = std::string(TALLY_BUILD_DIR) + "/Testing/" + name +
                          "-" + std::to_string(::getpid());
  std::system(("rm -rf " + quote(dir) + " && mkdir -p " + quote(dir)).c_str());
  return dir;
}

TEST(PortableCounts, TheWorkerSeesTheSameStringsAndAddressesEverywhere) {
  const std::string base = make_temp_dir("portable-seen");
  const std::string reports = report_dir("portable-seen");
  const std::string yaml = base + "/m.yaml";
  write_text(yaml,
             "defaults: {iterations: 1}\n"
             "benchmarks: [{name: introspect_seen}]\n");
  const auto cases = perturbations(base, loadable_plugins(), {"introspect.so"});
  std::string first;
  for (size_t i = 0; i < cases.size(); ++i) {
    const std::string report = reports + "/seen" + std::to_string(i) + ".txt";
    const Outcome o =
        run_case(cases[i], yaml, base + "/out" + std::to_string(i),
                 "TALLY_TEST_INTROSPECT_OUT=" + quote(report));
    ASSERT_EQ(o.cli.exit_code, 0) << cases[i].name << ": " << o.cli.err;
    const std::string seen = read_text(report);
    ASSERT_NE(seen.find("cwd /tmp/tally-"), std::string::npos) << seen;
    ASSERT_NE(seen.find("heap 0x"), std::string::npos) << seen;
    // The worker sees its private folder at the fixed path, which the host
    // sees empty: the folder itself went with its worker.
    const std::string cwd = seen.substr(4, seen.find('\n') - 4);
    EXPECT_EQ(cwd, "/tmp/tally-worker") << seen;
    EXPECT_TRUE(boost::filesystem::is_empty(cwd)) << cwd << " is not empty";
    // Its /tmp is its own: the host's (holding `base`) would show in the
    // link count that Python's realpath() reads.
    EXPECT_NE(seen.find("\ntmp tally-worker\n"), std::string::npos) << seen;
    // And its host name is fixed: filelock reads it inside Inductor.
    EXPECT_NE(seen.find("\nhost tally\n"), std::string::npos) << seen;
    if (first.empty())
      first = masked(seen);
    else
      EXPECT_EQ(masked(seen), first) << "with " << cases[i].name;
  }
}

TEST(PortableCounts, APointerKeyedTableCountsTheSameEverywhere) {
  const std::string base = make_temp_dir("portable-table");
  const std::string yaml = base + "/m.yaml";
  write_text(yaml,
             "defaults: {iterations: 3}\n"
             "benchmarks: [{name: introspect_pointer_table}, "
             "{name: healthy_heap}]\n");
  expect_same_samples_everywhere(base, yaml, loadable_plugins(),
                                 {"introspect.so", "healthy.so"}, 2);
}

// LibTorch cells whose counts moved by up to 3 % with the build folder
// before workers were staged, at sizes that keep that sensitivity. Each case
// costs a LibTorch sweep under callgrind, so these run three: the copy moves
// the binary and the plugins to a longer path at once, the working directory
// moves on its own; the test plugins above go through every case.
TEST(PortableCounts, SensitiveLibTorchCellsCountTheSameEverywhere) {
  if (!TALLY_WITH_TORCH) GTEST_SKIP() << "built without LibTorch";
  const std::string base = make_temp_dir("portable-torch");
  const std::string yaml = base + "/m.yaml";
  write_text(yaml, R"(defaults: {iterations: 2, regions: [total, compile_time]}
benchmarks:
  - {name: libtorch_aotdispatcher_partitioner2, matrix: {backend: [jit]}}
  - {name: libtorch_mm_loop, params: {n: 20}, matrix: {backend: [jit]}}
  - {name: libtorch_runtime_overhead_requires_grad, matrix: {backend: [jit], dynamic: [true]}}
  - {name: libtorch_runtime_overhead_inference_mode, matrix: {backend: [script]}}
)");
  expect_same_samples_everywhere(
      base, yaml, std::string(TALLY_BUILD_DIR) + "/plugins",
      {"aotdispatcher_partitioner2.so", "mm_loop.so", "runtime_overhead.so"}, 4,
      {"the build folder", "a copy of the build at a longer path",
       "a much longer working directory"});
}

// A small Dynamo cell (python.so): Python's counts follow the hash seed,
// the working directory and the environment, as LibTorch's did before the
// staged launch. Every iteration, the first (lazy imports, cold caches)
// too, counts the same to the instruction wherever tally, the file and the
// shell are, the whole body as well as Dynamo's compile. The body once
// moved by 3 to 27 instructions with the environment's length: glibc's
// strncmp takes a longer path near a page end, and the kept variables sat
// on the stack after the others (now copied to a page-aligned buffer). The
// first of these runs is also a machine's first run of the cell: its
// counts once differed from later runs' by 25,000 instructions.
TEST(PortableCounts, SmallDynamoCellCountsTheSameEverywhere) {
  const std::string plugins = std::string(TALLY_BUILD_DIR) + "/plugins";
  if (!std::ifstream(plugins + "/python.so"))
    GTEST_SKIP() << "built without the Python plugin";
  const std::string base = make_temp_dir("portable-python");
  copy_files(std::string(TALLY_SOURCE_DIR) + "/tests/python/e2e",
             {"small_dynamo.py"}, base + "/files");
  copy_files(plugins, {"python.so"}, base + "/files");
  const std::string yaml = base + "/m.yaml";
  write_text(yaml, R"(defaults: {iterations: 3, regions: [total, compile_time]}
benchmarks:
  - {name: small_dynamo_eager, params: {n: 3}}
)");
  const std::set<std::string> chosen = {
      "the build folder", "a copy of the build at a longer path",
      "a much longer working directory", "3,000 more bytes of environment"};
  std::optional<nlohmann::json> first;
  int run = 0;
  for (const Perturbation& p :
       perturbations(base, base + "/files", {"small_dynamo.py", "python.so"})) {
    if (!chosen.count(p.name)) continue;
    Outcome o = run_case(p, yaml, base + "/out" + std::to_string(run++));
    ASSERT_EQ(o.cli.exit_code, 0) << p.name << ": " << o.cli.err;
    const nlohmann::json samples = o.samples["small_dynamo_eager"];
    ASSERT_EQ(samples["compile_time_instruction_count"].size(), 3u) << p.name;
    if (!first) {
      first = samples;
      continue;
    }
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(samples["compile_time_instruction_count"][i],
                (*first)["compile_time_instruction_count"][i])
          << "compile_time moved with " << p.name << ", iteration " << i + 1;
      EXPECT_EQ(samples["instruction_count"][i],
                (*first)["instruction_count"][i])
          << "the body moved with " << p.name << ", iteration " << i + 1;
    }
  }
}

}  // namespace
}  // namespace tally::test

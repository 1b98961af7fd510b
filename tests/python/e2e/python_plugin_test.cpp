// python.so as users meet it through the tally binary: listed with tally's
// own seed benchmark, bad .py files named with file, line and Python's
// message, misbehaving benchmarks costing only their cell, and a small
// Dynamo cell counted exactly under callgrind.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

struct Result {
  int status = -1;
  std::string out;
};

Result run(const std::string& command) {
  Result result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string tally() { return TALLY_BINARY; }

// A private plugin folder (tally refuses folders others can write) holding
// copies of the given files of tests/python/e2e.
class PluginFolder {
 public:
  explicit PluginFolder(const std::vector<std::string>& files) {
    char pattern[] = "/tmp/tally-pytest-XXXXXX";
    dir_ = mkdtemp(pattern);
    for (const auto& f : files) {
      std::ifstream in(std::string(TALLY_PYTHON_E2E_DIR) + "/" + f);
      std::ofstream(dir_ + "/" + f) << in.rdbuf();
    }
  }
  ~PluginFolder() { std::system(("rm -rf " + dir_).c_str()); }
  const std::string& dir() const { return dir_; }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ + "/" + name) << text;
    return dir_ + "/" + name;
  }

 private:
  std::string dir_;
};

json results_of(const std::string& out_dir) {
  std::ifstream in(out_dir + "/results.json");
  return json::parse(in);
}

std::map<std::string, json> cells_by_name(const json& results) {
  std::map<std::string, json> cells;
  for (const auto& c : results["cells"]) cells[c["name"]] = c;
  return cells;
}

// tally's benchmark files ship beside python.so, each a plugin of its own,
// and python.so, which has none of its own, is not listed.
TEST(PythonPlugin, ListShowsTallysOwnFilesEachAPluginOfItsOwn) {
  const Result r = run(tally() + " list --json");
  ASSERT_EQ(r.status, 0) << r.out;
  const json list = json::parse(r.out.substr(r.out.find('{')));
  std::map<std::string, std::vector<std::string>> files;
  for (const auto& p : list["plugins"])
    for (const auto& b : p["benchmarks"]) files[p["name"]].push_back(b["name"]);
  EXPECT_EQ(files.count("python"), 0u) << r.out;
  // The seed: 3 backends x static, dynamic x cpu, cuda.
  const auto& seed = files["dynamo_inline.py"];
  EXPECT_EQ(seed.size(), 12u) << r.out;
  EXPECT_NE(std::find(seed.begin(), seed.end(), "basic_InlineMod_eager"),
            seed.end())
      << r.out;
  for (const auto& b : list["bad_files"]) ADD_FAILURE() << b.dump();
}

TEST(PythonPlugin, BadFilesAreListedWithFileLineAndPythonsMessage) {
  PluginFolder folder(
      {"bad_syntax.py", "bad_import.py", "bad_empty.py", "small_dynamo.py"});
  const Result r = run(
      tally() + " list --json --no-default-plugins --plugins " + folder.dir());
  ASSERT_EQ(r.status, 0) << r.out;
  const json list = json::parse(r.out.substr(r.out.find('{')));
  std::map<std::string, std::string> bad;
  for (const auto& b : list["bad_files"])
    bad[b["path"].get<std::string>().substr(folder.dir().size() + 1)] =
        b["reason"];
  const std::string& d = folder.dir();
  EXPECT_EQ(bad["bad_syntax.py"].rfind(d + "/bad_syntax.py:4: SyntaxError", 0),
            0u)
      << bad["bad_syntax.py"];
  EXPECT_EQ(bad["bad_import.py"],
            d + "/bad_import.py:2: ModuleNotFoundError: No module named "
                "'no_such_module_for_tally_tests'");
  EXPECT_NE(bad["bad_empty.py"].find("bad_empty.py: no benchmark in it"),
            std::string::npos)
      << bad["bad_empty.py"];
  // The good file beside them is listed, under its file name.
  ASSERT_EQ(list["plugins"].size(), 1u) << r.out;
  EXPECT_EQ(list["plugins"][0]["name"], "small_dynamo.py");
  EXPECT_EQ(list["plugins"][0]["benchmarks"].size(),
            4u);  // 2 backends x dynamic
  for (const auto& line : {"\n", "Traceback"})
    for (const auto& [file, reason] : bad)
      EXPECT_EQ(reason.find(line), std::string::npos) << file << ": " << reason;
}

TEST(PythonPlugin, MisbehavingBenchmarksCostOnlyTheirCell) {
  PluginFolder folder({"hostile.py"});
  const std::string config =
      folder.write("hostile.yaml",
                   "defaults: {iterations: 1, timeout: 20}\nbenchmarks:\n"
                   "  - name: 'py_*'\n");
  const std::string out = folder.dir() + "/out";
  const Result r =
      run(tally() + " run " + config + " --counter wall " +
          "--no-default-plugins --plugins " + folder.dir() + " --out " + out);
  auto cells = cells_by_name(results_of(out));
  ASSERT_EQ(cells.size(), 8u) << r.out;
  auto expect = [&](const std::string& cell, const std::string& status,
                    const std::string& words) {
    const json& c = cells[cell + "_eager"];
    EXPECT_EQ(c["status"], status) << cell << ": " << c.dump();
    EXPECT_NE(c.value("reason", "").find(words), std::string::npos)
        << cell << ": " << c.dump();
  };
  expect("py_raises", "failed",
         "ValueError: the model is broken (at " + folder.dir() +
             "/hostile.py:18)");
  expect("py_sys_exit", "failed", "SystemExit: sys.exit(3) called");
  expect("py_os_exit", "failed", "exited (exit code 4)");
  expect("py_abort", "crashed", "SIGABRT");
  expect("py_segfault", "crashed", "SIGSEGV");
  expect("py_endless", "timeout", "timed out");
  expect("py_prints", "failed", "RuntimeError: after printing");
  const std::string tail = cells["py_prints_eager"].value("output_tail", "");
  EXPECT_NE(tail.find("to stdout from python"), std::string::npos) << tail;
  EXPECT_NE(tail.find("to stderr from python"), std::string::npos) << tail;
  expect("py_fine", "ok", "");
}

std::vector<long long> samples(const json& results, const std::string& cell,
                               const std::string& metric) {
  for (const auto& c : results["cells"])
    if (c["name"] == cell)
      return c["metrics"][metric]["samples"].get<std::vector<long long>>();
  return {};
}

// Two runs from two folders: every iteration, the first too, counts the
// same to the instruction, Dynamo's compile and the whole body, static and
// dynamic (ShapeEnv and sympy). The worker sees its folder at a fixed path.
TEST(PythonPluginCallgrind, SmallDynamoCellRepeatsExactly) {
  // b also holds a second benchmark file: a cell's worker loads only its
  // own file, so a file added beside it must move no count.
  PluginFolder a({"small_dynamo.py"}), b({"small_dynamo.py", "hostile.py"});
  const std::string yaml =
      "defaults: {iterations: 3, timeout: 900}\nbenchmarks:\n"
      "  - name: \"small_dynamo_eager*\"\n    params: {n: 3}\n"
      "    matrix: {dynamic: [false, true]}\n";
  std::vector<json> runs;
  for (const PluginFolder* f : {&a, &b}) {
    const std::string config = f->write("small.yaml", yaml);
    const Result r = run(tally() + " run " + config +
                         " --counter callgrind --jobs 1 --no-default-plugins "
                         "--plugins " +
                         f->dir() + " --out " + f->dir() + "/out");
    ASSERT_EQ(r.status, 0) << r.out;
    runs.push_back(results_of(f->dir() + "/out"));
  }
  for (const char* cell : {"small_dynamo_eager", "small_dynamo_eager_dynamic"})
    for (const char* metric :
         {"compile_time_instruction_count", "instruction_count"}) {
      const auto first = samples(runs[0], cell, metric);
      const auto second = samples(runs[1], cell, metric);
      ASSERT_EQ(first.size(), 3u) << cell << " " << metric;
      EXPECT_GT(first[1], 1000000) << cell << ": Dynamo compiles something";
      EXPECT_EQ(first, second) << cell << " " << metric;
    }
}

}  // namespace

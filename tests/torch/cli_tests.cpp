// The LibTorch plugins as the runner sees them: every one loads and lists,
// and every cell of configs/smoke.yaml runs or is skipped with a reason.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <torch/cuda.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

namespace {

struct Result {
  int status;
  std::string out;
};

Result run(const std::string& command) {
  Result result{-1, {}};
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
    result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::set<std::string> torch_plugins() {
  std::set<std::string> names;
  std::stringstream list(TALLY_TORCH_PLUGINS);
  for (std::string name; std::getline(list, name, ',');) names.insert(name);
  return names;
}

TEST(TallyCli, ListsEveryLibTorchPlugin) {
  const Result r = run(std::string(TALLY_BINARY) + " list --json " +
                       "--no-default-plugins --plugins " + TALLY_PLUGIN_DIR);
  ASSERT_EQ(r.status, 0) << r.out;
  const auto listed = nlohmann::json::parse(r.out);
  EXPECT_TRUE(listed["bad_files"].empty()) << listed["bad_files"].dump();
  std::set<std::string> names;
  for (const auto& plugin : listed["plugins"]) {
    names.insert(plugin["name"].get<std::string>());
    EXPECT_FALSE(plugin["benchmarks"].empty()) << plugin["name"];
  }
  for (const auto& name : torch_plugins())
    EXPECT_EQ(names.count(name), 1u) << name;
}

// PyTorch's wheels are built with the C++11 ABI of libstdc++ since 2.7;
// LibTorch's CMake package passes it on (TORCH_CXX_FLAGS), the plugins
// compile with it, and tally accepts them (ListsEveryLibTorchPlugin). A
// plugin of the other ABI is refused naming both (Discovery tests, the
// dual_abi test plugin).
TEST(TallyCli, WheelPluginsShareTallysAbiAndVersionNamesLibTorch) {
  // This file compiles with LibTorch's flags (TORCH_CXX_FLAGS, empty for
  // the 2.13 wheel, whose ABI is libstdc++'s default) and links LibTorch.
  EXPECT_EQ(_GLIBCXX_USE_CXX11_ABI, 1);
  const Result r = run(std::string(TALLY_BINARY) + " version");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("_GLIBCXX_USE_CXX11_ABI=1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("LibTorch " TALLY_TORCH_VERSION " (git "),
            std::string::npos)
      << r.out;
  const Result bad = run(std::string(TALLY_BINARY) +
                         " list --json --probe-timeout 2 "
                         "--no-default-plugins --plugins " +
                         TALLY_TEST_BROKEN_DIR);
  EXPECT_NE(bad.out.find("got libstdc++ with _GLIBCXX_USE_CXX11_ABI=0"),
            std::string::npos)
      << bad.out;
}

TEST(TallyCli, SmokeCellsRunOrSkipWithReason) {
  char dir_template[] = "/tmp/tally-smoke-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  ASSERT_NE(dir, nullptr);
  const Result r = run(std::string(TALLY_BINARY) + " run " + TALLY_SOURCE_DIR +
                       "/configs/smoke.yaml --counter wall " +
                       "--no-default-plugins --plugins " + TALLY_PLUGIN_DIR +
                       " --out " + dir + " 2>&1");
  EXPECT_EQ(r.status, 0) << r.out;
  std::ifstream file(std::string(dir) + "/results.json");
  ASSERT_TRUE(file) << r.out;
  const auto results = nlohmann::json::parse(file);
  std::set<std::string> ran;
  for (const auto& cell : results["cells"]) {
    const auto status = cell["status"].get<std::string>();
    const auto name = cell["name"].get<std::string>();
    if (status == "ok") {
      ran.insert(cell["plugin"].get<std::string>());
    } else {
      EXPECT_EQ(status, "skipped") << name << ": " << cell["reason"];
      EXPECT_FALSE(cell["reason"].get<std::string>().empty()) << name;
    }
    if (cell["device"] == "cuda" && !torch::cuda::is_available())
      EXPECT_EQ(status, "skipped") << name;
  }
  for (const auto& name : torch_plugins())
    EXPECT_EQ(ran.count(name), 1u) << name << " ran no smoke cell";
  std::system((std::string("rm -rf ") + dir).c_str());
}

}  // namespace

// Discovery through the real binary: good plugins listed, every kind of bad
// file named with its reason, the rest still loaded.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

// A folder holding the built broken plugins plus bad files made here.
std::string bad_folder() {
  std::string dir = make_temp_dir("bad-plugins");
  std::system(("cp " + broken_plugins() + "/*.so " + quote(dir)).c_str());
  std::system(
      ("cp " + loadable_plugins() + "/healthy.so " + quote(dir)).c_str());
  write_text(dir + "/text.so", "this is not a shared object\n");
  write_text(dir + "/empty.so", "");
  std::system(("mkdir " + quote(dir + "/folder.so")).c_str());
  std::system(("ln -s " + quote(dir + "/missing-target") + " " +
               quote(dir + "/dangling.so"))
                  .c_str());
  // A 32-bit ELF header: magic, ELFCLASS32, little endian, version 1.
  std::string elf32(
      "\x7f"
      "ELF\x01\x01\x01",
      7);
  elf32.resize(64, '\0');
  write_text(dir + "/elf32.so", elf32);
  return dir;
}

std::map<std::string, std::string> bad_reasons(const nlohmann::json& list) {
  std::map<std::string, std::string> reasons;
  for (const auto& bad : list["bad_files"]) {
    std::string path = bad["path"];
    reasons[path.substr(path.rfind('/') + 1)] = bad["reason"];
  }
  return reasons;
}

TEST(Discovery, ListsGoodPluginsWithTheirBenchmarks) {
  CliResult r = run_tally(
      {"list", "--no-default-plugins", "--plugins", loadable_plugins()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("healthy 1.2.3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("healthy_loop"), std::string::npos);
  EXPECT_NE(r.out.find("hostile_segv"), std::string::npos);
  EXPECT_NE(r.out.find("n = 100000"), std::string::npos);
}

TEST(Discovery, NamesEveryBadFileWithItsReasonAndKeepsTheGoodOne) {
  std::string dir = bad_folder();
  // The hanging plugins cost the probe timeout each.
  CliResult r = run_tally({"list", "--json", "--no-default-plugins",
                           "--plugins", dir, "--probe-timeout", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto list = nlohmann::json::parse(r.out);
  ASSERT_EQ(list["plugins"].size(), 1u) << r.out;
  EXPECT_EQ(list["plugins"][0]["name"], "healthy");
  auto reasons = bad_reasons(list);
  auto has = [&](const std::string& file, const std::string& words) {
    ASSERT_TRUE(reasons.count(file)) << file << " not reported: " << r.out;
    EXPECT_NE(reasons[file].find(words), std::string::npos)
        << file << ": " << reasons[file];
  };
  has("not_a_plugin.so", "not a tally plugin");
  has("wrong_abi.so", "got version 999, supported version is 3");
  has("old_sdk.so", "got version 1, supported version is 3");
  has("dual_abi.so", "C++ standard library ABI mismatch");
  has("crash_on_load.so", "crashed while loading");
  has("crash_on_load.so", "SIGSEGV");
  has("factory_throws.so", "type int");
  has("unresolved.so", "tally_test_missing_function");
  has("empty_name.so", "name is empty");
  has("text.so", "not an ELF file");
  has("empty.so", "empty file");
  has("folder.so", "a folder");
  has("dangling.so", "dangling symlink");
  has("elf32.so", "32-bit");
  has("factory_throws_std.so",
      "factory threw std::runtime_error: no GPU driver found");
  has("factory_hangs.so", "hung while loading (no answer in 2 s");
  has("static_init_hangs.so", "hung while loading");
  has("static_init_throws_std.so",
      "crashed while loading (signal 6 (SIGABRT))");
  has("static_init_throws_std.so", "static init failed");
  has("static_init_throws_int.so", "SIGABRT");
  has("struct_abi_0.so", "got version 0, supported version is 3");
  has("struct_abi_999.so", "got version 999, supported version is 3");
  has("duplicate_benchmarks.so", "declares benchmark 'twice' twice");
  has("null_factory.so", "has no factory (BenchmarkInfo::make is empty)");
  has("empty_benchmark_name.so", "a benchmark with an empty name");
  has("bad_benchmark_name.so",
      "benchmark name 'add,loop' of plugin 'bad_benchmark_name' contains ','");
  EXPECT_EQ(reasons.size(), 24u) << r.out;
}

// A plugin built with -D_GLIBCXX_USE_CXX11_ABI=0 has another std::string;
// it is refused from its ABI tag, in one line naming both sides, before its
// factory (which aborts) runs.
TEST(Discovery, RefusesAPluginBuiltForTheOtherStdStringAbi) {
  std::string dir = make_temp_dir("dual-abi");
  std::system(
      ("cp " + broken_plugins() + "/dual_abi.so " + quote(dir)).c_str());
  CliResult r = run_tally({"list", "--no-default-plugins", "--plugins", dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string line =
      "dual_abi.so: C++ standard library ABI mismatch: "
      "got libstdc++ with _GLIBCXX_USE_CXX11_ABI=0 "
      "(std::string " +
      std::to_string(sizeof(void*)) + " bytes";
  const auto at = r.out.find(line);
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string reason = r.out.substr(at, r.out.find('\n', at) - at);
  EXPECT_NE(reason.find("supported is libstdc++ with _GLIBCXX_USE_CXX11_ABI=1 "
                        "(std::string " +
                        std::to_string(sizeof(std::string)) + " bytes"),
            std::string::npos)
      << reason;
  EXPECT_NE(reason.find("; rebuild the plugin for libstdc++ with "
                        "_GLIBCXX_USE_CXX11_ABI=1"),
            std::string::npos)
      << reason;
}

TEST(Discovery, NewPluginDroppedIntoAFolderShowsUpWithoutRebuild) {
  std::string dir = make_temp_dir("drop-in");
  CliResult before =
      run_tally({"list", "--json", "--no-default-plugins", "--plugins", dir});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_TRUE(nlohmann::json::parse(before.out)["plugins"].empty());
  std::system(
      ("cp " + loadable_plugins() + "/healthy.so " + quote(dir)).c_str());
  CliResult after =
      run_tally({"list", "--json", "--no-default-plugins", "--plugins", dir});
  EXPECT_EQ(nlohmann::json::parse(after.out)["plugins"].size(), 1u);
}

TEST(Discovery, PluginPathFromEnvironmentIsSearched) {
  CliResult r = run_tally({"list", "--no-default-plugins"},
                          "TALLY_PLUGIN_PATH=" + quote(loadable_plugins()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("healthy_loop"), std::string::npos);
}

TEST(Discovery, ProbeTimeoutComesFromTheEnvironmentUnlessTheFlagSetsIt) {
  std::string dir = make_temp_dir("hang");
  std::system(
      ("cp " + broken_plugins() + "/factory_hangs.so " + quote(dir)).c_str());
  auto reason = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = {"list", "--json", "--no-default-plugins",
                                     "--plugins", dir};
    args.insert(args.end(), extra.begin(), extra.end());
    CliResult r = run_tally(args, "TALLY_PROBE_TIMEOUT=1");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return bad_reasons(nlohmann::json::parse(r.out))["factory_hangs.so"];
  };
  EXPECT_NE(reason({}).find("no answer in 1 s"), std::string::npos);
  EXPECT_NE(reason({"--probe-timeout", "1.5"}).find("no answer in 1.5 s"),
            std::string::npos);

  CliResult bad = run_tally({"list", "--probe-timeout", "0"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--probe-timeout must be between"), std::string::npos)
      << bad.err;
}

TEST(Discovery, MissingPluginFolderIsAnError) {
  CliResult r = run_tally({"list", "--plugins", "/nonexistent/plugins"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/plugins"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tally::test

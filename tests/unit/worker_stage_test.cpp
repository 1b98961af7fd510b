// The private folder a measuring worker runs in: fixed-length path, the
// binary and plugin staged as hard links or copies, removed with the worker;
// a plugin that finds its libraries through $ORIGIN stays where it is; a
// Python benchmark file staged with its helper modules only.
#include "worker/worker_stage.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "support/tally_cli.hpp"

namespace tally {
namespace {

std::string loadable(const std::string& name) {
  return std::string(TALLY_TEST_PLUGIN_DIR) + "/loadable/" + name;
}

bool exists(const std::string& path) {
  return ::access(path.c_str(), F_OK) == 0;
}

TEST(WorkerStage, StagesBinaryAndPluginAtAFixedLengthPathAndRemovesThem) {
  std::string dir;
  {
    WorkerStage stage(TALLY_BINARY, loadable("healthy.so"));
    dir = stage.dir();
    EXPECT_EQ(dir.rfind("/tmp/tally-", 0), 0u) << dir;
    EXPECT_EQ(dir.size(), std::string("/tmp/tally-XXXXXX").size()) << dir;
    // The worker is given paths under view(); the files are under dir().
    EXPECT_EQ(stage.executable(), stage.view() + "/tally-worker");
    EXPECT_EQ(stage.plugin(), stage.view() + "/plugin.so");
    EXPECT_EQ(stage.original_plugin(), loadable("healthy.so"));
    struct stat staged {
    }, original{};
    ASSERT_EQ(::stat((dir + "/plugin.so").c_str(), &staged), 0);
    ASSERT_EQ(::stat(loadable("healthy.so").c_str(), &original), 0);
    EXPECT_EQ(staged.st_size, original.st_size);
    EXPECT_TRUE(exists(dir + "/tally-worker"));
  }
  EXPECT_FALSE(exists(dir)) << dir << " was left behind";
}

// This machine (root, or unprivileged user namespaces) allows private
// mounts: the worker then sees its folder at the fixed path, which the
// host sees as an empty folder.
TEST(WorkerStage, WhereMountsAreAllowedTheWorkerSeesAFixedPath) {
  ASSERT_TRUE(private_mounts_work())
      << "no private mount here: a worker's folder keeps its random name";
  WorkerStage stage(TALLY_BINARY, loadable("healthy.so"));
  EXPECT_EQ(stage.view(), kStageView);
  EXPECT_EQ(stage.view().size(), stage.dir().size());
  ASSERT_TRUE(stage.private_mount().has_value());
  EXPECT_EQ(stage.private_mount()->source, stage.dir());
  EXPECT_FALSE(exists(std::string(kStageView) + "/plugin.so"));
}

TEST(WorkerStage, APluginWithAnOriginRpathIsLoadedWhereItIs) {
  EXPECT_TRUE(uses_origin_rpath(loadable("slow.so")));
  EXPECT_FALSE(uses_origin_rpath(loadable("healthy.so")));
  EXPECT_FALSE(uses_origin_rpath(TALLY_BINARY));
  WorkerStage stage(TALLY_BINARY, loadable("slow.so"));
  EXPECT_EQ(stage.plugin(), loadable("slow.so"));
}

// A Python benchmark file is staged with the modules it may import, but not
// with the other benchmark files of its folder, which moved its count.
TEST(WorkerStage, APythonFileTakesItsHelpersButNotTheOtherBenchmarkFiles) {
  const std::string dir = test::make_temp_dir("stage-py");
  for (const char* file :
       {"mine.py", "other.py", "_helpers.py", "benchmark_base.py", "notes.txt"})
    test::write_text(dir + "/" + file, "# " + std::string(file) + "\n");
  WorkerStage stage(TALLY_BINARY, dir + "/mine.py", loadable("healthy.so"));
  EXPECT_EQ(stage.plugin(), stage.view() + "/bench/mine.py");
  EXPECT_EQ(stage.python_plugin(), stage.view() + "/plugin.so");
  const std::string bench = stage.dir() + "/bench/";
  EXPECT_TRUE(exists(bench + "mine.py"));
  EXPECT_TRUE(exists(bench + "_helpers.py"));
  EXPECT_TRUE(exists(bench + "benchmark_base.py"));
  EXPECT_FALSE(exists(bench + "other.py"));
  EXPECT_FALSE(exists(bench + "notes.txt"));
}

TEST(WorkerStage, WhatIsNotAnElfFileIsLeftToTheLoaderToJudge) {
  const std::string dir = test::make_temp_dir("stage");
  test::write_text(dir + "/text.so", "not an ELF file\n");
  EXPECT_FALSE(uses_origin_rpath(dir + "/text.so"));
  EXPECT_FALSE(uses_origin_rpath(dir + "/missing.so"));
}

}  // namespace
}  // namespace tally

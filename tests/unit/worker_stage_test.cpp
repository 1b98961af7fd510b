// The private folder a measuring worker runs in: fixed-length path, the
// binary and plugin staged as hard links or copies, removed with the worker;
// a plugin that finds its libraries through $ORIGIN stays where it is.
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
    EXPECT_EQ(stage.executable(), dir + "/tally");
    EXPECT_EQ(stage.plugin(), dir + "/plugin.so");
    EXPECT_EQ(stage.original_plugin(), loadable("healthy.so"));
    struct stat staged {
    }, original{};
    ASSERT_EQ(::stat(stage.plugin().c_str(), &staged), 0);
    ASSERT_EQ(::stat(loadable("healthy.so").c_str(), &original), 0);
    EXPECT_EQ(staged.st_size, original.st_size);
    EXPECT_TRUE(exists(stage.executable()));
  }
  EXPECT_FALSE(exists(dir)) << dir << " was left behind";
}

TEST(WorkerStage, APluginWithAnOriginRpathIsLoadedWhereItIs) {
  EXPECT_TRUE(uses_origin_rpath(loadable("slow.so")));
  EXPECT_FALSE(uses_origin_rpath(loadable("healthy.so")));
  EXPECT_FALSE(uses_origin_rpath(TALLY_BINARY));
  WorkerStage stage(TALLY_BINARY, loadable("slow.so"));
  EXPECT_EQ(stage.plugin(), loadable("slow.so"));
}

TEST(WorkerStage, WhatIsNotAnElfFileIsLeftToTheLoaderToJudge) {
  const std::string dir = test::make_temp_dir("stage");
  test::write_text(dir + "/text.so", "not an ELF file\n");
  EXPECT_FALSE(uses_origin_rpath(dir + "/text.so"));
  EXPECT_FALSE(uses_origin_rpath(dir + "/missing.so"));
}

}  // namespace
}  // namespace tally

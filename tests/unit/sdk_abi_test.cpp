// The plugin ABI check: the host compares a plugin's ABI tag with its own
// before running any of the plugin's code, and opens the plugin only once.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <string>

#include "support/tally_cli.hpp"
#include "worker/plugin_loader.hpp"

namespace tally {
namespace {

// A libstdc++ 12 tag, built by GCC 12, with this build's sizes but for
// std::string and ParamValue (the two the dual ABI changes).
AbiTag libstdcxx(int cxx11_abi, std::uint32_t string, std::uint32_t variant) {
  AbiTag tag = kAbiTag;
  tag.stdlib = "libstdc++";
  tag.stdlib_release = 12;
  tag.stdlib_abi = cxx11_abi;
  tag.compiler = "gcc";
  tag.compiler_major = 12;
  tag.sizes.string = string;
  tag.sizes.param_value = variant;
  return tag;
}

TEST(SdkAbi, TagOfThisBuildDescribesIt) {
#if defined(__GLIBCXX__)
  EXPECT_STREQ(kAbiTag.stdlib, "libstdc++");
  EXPECT_EQ(kAbiTag.stdlib_abi, _GLIBCXX_USE_CXX11_ABI);
  EXPECT_EQ(kAbiTag.stdlib_release, _GLIBCXX_RELEASE);
#endif
  EXPECT_EQ(kAbiTag.sizes.string, sizeof(std::string));
  EXPECT_EQ(kAbiTag.sizes.plugin, sizeof(Plugin));
  EXPECT_EQ(abi_mismatch(kAbiTag, kAbiTag), "");
}

TEST(SdkAbi, DualAbiMismatchNamesBothSidesInOneLine) {
  EXPECT_EQ(abi_mismatch(libstdcxx(0, 8, 16), libstdcxx(1, 32, 40)),
            "C++ standard library ABI mismatch: got libstdc++ with "
            "_GLIBCXX_USE_CXX11_ABI=0 (std::string 8 bytes, tally::ParamValue "
            "16 bytes), supported is libstdc++ with _GLIBCXX_USE_CXX11_ABI=1 "
            "(std::string 32 bytes, tally::ParamValue 40 bytes); rebuild the "
            "plugin for libstdc++ with _GLIBCXX_USE_CXX11_ABI=1");
}

TEST(SdkAbi, OtherStandardLibraryIsRefusedEvenWithTheSameSizes) {
  AbiTag got = libstdcxx(1, 32, 40);
  got.stdlib = "libc++";
  got.stdlib_abi = 1;
  EXPECT_EQ(abi_mismatch(got, libstdcxx(1, 32, 40)),
            "C++ standard library ABI mismatch: got libc++ with "
            "_LIBCPP_ABI_VERSION=1 (std::string 32 bytes), supported is "
            "libstdc++ with _GLIBCXX_USE_CXX11_ABI=1 (std::string 32 bytes); "
            "rebuild the plugin for libstdc++ with _GLIBCXX_USE_CXX11_ABI=1");
}

TEST(SdkAbi, AnotherCompilerOrNewerLibstdcxxIsAccepted) {
  AbiTag got = libstdcxx(1, 32, 40);
  got.compiler = "clang";
  got.compiler_major = 16;
  got.stdlib_release = 13;
  EXPECT_EQ(abi_mismatch(got, libstdcxx(1, 32, 40)), "");
}

TEST(SdkAbi, LibstdcxxWithExperimentalCxx17IsRefused) {
  AbiTag got = libstdcxx(1, 32, 40);
  got.stdlib_release = 8;
  got.compiler_major = 8;
  EXPECT_EQ(abi_mismatch(got, libstdcxx(1, 32, 40)),
            "C++17 ABI mismatch: got libstdc++ 8 (gcc 8), whose C++17 library "
            "was experimental, supported is libstdc++ 9 or later (tally: "
            "libstdc++ 12, gcc 12); rebuild the plugin with GCC 9 or later");
}

TEST(SdkAbi, SdkLayoutChangeWithoutVersionBumpIsRefused) {
  AbiTag got = kAbiTag;
  got.sizes.plugin += 8;
  EXPECT_EQ(abi_mismatch(got, kAbiTag),
            "SDK layout mismatch under the same ABI version " +
                std::to_string(kAbiVersion) + ": got tally::Plugin " +
                std::to_string(sizeof(Plugin) + 8) +
                " bytes, supported is tally::Plugin " +
                std::to_string(sizeof(Plugin)) +
                " bytes; rebuild the plugin against this tally's "
                "tally/plugin.hpp");
}

// dual_abi.so is built with -D_GLIBCXX_USE_CXX11_ABI=0 and aborts in its
// factory: the tag must be refused before the factory runs.
TEST(SdkLoader, RefusesTheDualAbiPluginBeforeItsFactoryAndOpensItOnce) {
  const std::string path = test::broken_plugins() + "/dual_abi.so";
  try {
    load_plugin(path);
    FAIL() << "dual_abi.so was loaded";
  } catch (const PluginLoadError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "got libstdc++ with _GLIBCXX_USE_CXX11_ABI=0 (std::string " +
                  std::to_string(sizeof(void*)) + " bytes"),
              std::string::npos)
        << e.what();
  }
  // One dlopen holds one reference: dropping it with ours unloads the file.
  void* ours = ::dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(ours, nullptr) << "load_plugin did not keep the plugin loaded";
  ::dlclose(ours);
  ::dlclose(ours);  // the loader's own reference
  EXPECT_EQ(::dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD), nullptr)
      << "load_plugin opened the plugin more than once";
}

}  // namespace
}  // namespace tally

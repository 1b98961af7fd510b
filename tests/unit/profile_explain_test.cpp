// tally explain on hand-written profiles: names matched across builds,
// components, the self deltas adding up to the total's, inclusive costs.
#include <gtest/gtest.h>

#include <numeric>

#include "core/error.hpp"
#include "explain/explain.hpp"
#include "explain/explain_components.hpp"
#include "explain/explain_names.hpp"
#include "profile/callgrind_reader.hpp"
#include "support/tally_cli.hpp"

namespace tally::explain {
namespace {

TEST(ProfileExplainNames, WhatChangesBetweenBuildsIsMadeTheSame) {
  EXPECT_EQ(normalise_function_name("0x000000000010a2c0"), "0x?");
  EXPECT_EQ(normalise_function_name("foo(int) [clone .isra.0]"), "foo(int)");
  EXPECT_EQ(
      normalise_function_name("foo(int) [clone .constprop.0] [clone .isra.0]"),
      "foo(int)");
  EXPECT_EQ(normalise_function_name("memcpy.part.0"), "memcpy");
  EXPECT_EQ(normalise_function_name("foo.constprop.1.isra.0"), "foo");
  EXPECT_EQ(normalise_function_name("foo.cold"), "foo");
  EXPECT_EQ(normalise_function_name("foo.lto_priv.0"), "foo");
  EXPECT_EQ(normalise_function_name("_dl_catch_exception'2"),
            "_dl_catch_exception");
  EXPECT_EQ(normalise_function_name(
                "at::f()::{lambda(c10::Scalar)#3}::operator()(int) const"),
            "at::f()::{lambda(c10::Scalar)#N}::operator()(int) const");
  EXPECT_EQ(normalise_function_name("_GLOBAL__N_1::helper()"),
            "(anonymous namespace)::helper()");
  // Not clone suffixes, not addresses.
  EXPECT_EQ(normalise_function_name("std::vector<int>::part()"),
            "std::vector<int>::part()");
  EXPECT_EQ(normalise_function_name("abc0x12()"), "abc0x12()");
}

TEST(ProfileExplainNames, QualifiedNameDropsReturnTypeAndParameters) {
  EXPECT_EQ(qualified_name("void at::native::add<float>(int, long)"),
            "at::native::add<float>");
  EXPECT_EQ(qualified_name("c10::impl::f(c10::Stack*)"), "c10::impl::f");
  EXPECT_EQ(qualified_name("(anonymous namespace)::g(int)"),
            "(anonymous namespace)::g");
  EXPECT_EQ(qualified_name("operator new(unsigned long)"), "operator new");
  EXPECT_EQ(qualified_name("std::less<int>::operator()(int, int) const"),
            "std::less<int>::operator()");
  EXPECT_EQ(qualified_name("(below main)"), "(below main)");
  EXPECT_EQ(qualified_name("malloc"), "malloc");
  EXPECT_EQ(object_basename("/usr/lib/x86_64-linux-gnu/libc.so.6"),
            "libc.so.6");
  EXPECT_EQ(object_basename("???"), "???");
}

TEST(ProfileExplainComponents, DefaultRuleAndLongestPrefix) {
  const ComponentRules rules;
  EXPECT_EQ(rules.component("libtorch_cpu.so", "void at::native::add<f>(int)"),
            "at::native");
  EXPECT_EQ(rules.component("libtorch_cpu.so", "at::empty(c10::IntArrayRef)"),
            "at");
  EXPECT_EQ(rules.component("libtorch_cpu.so", "atan2f"), "libtorch_cpu.so");
  EXPECT_EQ(rules.component("libc10.so", "c10::alloc_cpu(unsigned long)"),
            "allocator");
  EXPECT_EQ(rules.component("libc10.so", "c10::TensorImpl::~TensorImpl()"),
            "c10");
  EXPECT_EQ(rules.component("libtorch_cpu.so", "torch::jit::Graph::copy()"),
            "torch::jit");
  EXPECT_EQ(rules.component("libtorch_cpu.so", "std::_Hash_bytes(void*)"),
            "std");
  // Outside LibTorch the object is the component.
  EXPECT_EQ(rules.component("plugin.so", "at::native::add(int)"), "plugin.so");
  EXPECT_EQ(rules.component("libc.so.6", "malloc"), "libc.so.6");
}

TEST(ProfileExplainComponents, AFileAddsRulesForEveryObject) {
  const std::string dir = test::make_temp_dir("components");
  test::write_text(dir + "/c.yaml",
                   "malloc: allocator\nfree: allocator\n"
                   "at::native::cpu: kernels\nat: aten\n");
  ComponentRules rules;
  rules.load(dir + "/c.yaml");
  EXPECT_EQ(rules.component("libc.so.6", "malloc"), "allocator");
  EXPECT_EQ(rules.component("libtorch_cpu.so", "at::native::cpu::f()"),
            "kernels");
  EXPECT_EQ(rules.component("libtorch_cpu.so", "at::native::g()"), "aten");
  EXPECT_EQ(rules.component("libtorch_cpu.so", "c10::h()"), "c10");

  test::write_text(dir + "/bad.yaml", "at:\n  - a list\n");
  try {
    ComponentRules().load(dir + "/bad.yaml");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kBadInput);
    EXPECT_EQ(std::string(e.what()),
              dir +
                  "/bad.yaml:1: expected prefix: component, both non-empty "
                  "text");
  }
  try {
    ComponentRules().load(dir + "/missing.yaml");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kIoError);
  }
}

// A clone renamed between builds, a function removed and one added, and a
// recursive function whose second level callgrind names "rec'2".
const char* kBase = R"(events: Ir
ob=(1) /lib/libtorch_cpu.so
fl=(1) a.cpp
fn=(1) main
0 10
cfn=(2) at::native::add(int) [clone .isra.0]
calls=1 0
0 30
cfn=(3) bar
calls=2 0
0 5
fn=(2)
0 30
fn=(3)
0 5
ob=(2) /lib/libc.so.6
fl=(2) ???
fn=(4) rec
0 7
cfn=(5) rec'2
calls=1 0
0 4
fn=(5)
0 4
totals: 56
)";

const char* kNew = R"(events: Ir
ob=(1) /lib/libtorch_cpu.so
fl=(1) a.cpp
fn=(1) main
0 12
cfn=(2) at::native::add(int) [clone .constprop.0]
calls=1 0
0 45
cfn=(3) baz
calls=1 0
0 3
fn=(2)
0 45
fn=(3)
0 3
ob=(2) /lib/libc.so.6
fl=(2) ???
fn=(4) rec
0 7
cfn=(5) rec'2
calls=1 0
0 4
fn=(5)
0 4
totals: 71
)";

CellExplanation explain(ExplainBy by, std::size_t top = 0) {
  ExplainOptions options;
  options.by = by;
  options.top = top;
  return explain_profiles(profile::parse_callgrind(kBase, "base"),
                          profile::parse_callgrind(kNew, "new"), options);
}

std::int64_t sum_of_self_deltas(const CellExplanation& c) {
  return std::accumulate(
      c.entries.begin(), c.entries.end(), std::int64_t{0},
      [](std::int64_t s, const ExplainEntry& e) { return s + e.delta_self(); });
}

TEST(ProfileExplain, FunctionsByChangeAndTheirDeltasAddUpToTheTotal) {
  const CellExplanation c = explain(ExplainBy::kFunction);
  EXPECT_EQ(c.base, 56);
  EXPECT_EQ(c.now, 71);
  EXPECT_EQ(sum_of_self_deltas(c), c.delta());
  ASSERT_EQ(c.entries.size(), 5u);
  const ExplainEntry& add = c.entries[0];
  EXPECT_EQ(add.function, "at::native::add(int)");  // both clones
  EXPECT_EQ(add.component, "at::native");
  EXPECT_EQ(add.object, "libtorch_cpu.so");
  EXPECT_EQ(add.delta_self(), 15);
  EXPECT_TRUE(add.in_base && add.in_new);
  EXPECT_EQ(c.entries[1].function, "bar");
  EXPECT_EQ(c.entries[1].delta_self(), -5);
  EXPECT_FALSE(c.entries[1].in_new);  // removed
  EXPECT_EQ(c.entries[2].function, "baz");
  EXPECT_FALSE(c.entries[2].in_base);  // added
  const ExplainEntry& main = c.entries[3];
  EXPECT_EQ(main.function, "main");
  EXPECT_EQ(main.base_inclusive, 45);
  EXPECT_EQ(main.new_inclusive, 60);
  // The recursive level is the same function, its call to itself not
  // counted twice.
  const ExplainEntry& rec = c.entries[4];
  EXPECT_EQ(rec.function, "rec");
  EXPECT_EQ(rec.base_self, 11);
  EXPECT_EQ(rec.base_inclusive, 11);
}

TEST(ProfileExplain, TopKeepsTheLargestAndSaysWhatItLeftOut) {
  const CellExplanation c = explain(ExplainBy::kFunction, 2);
  ASSERT_EQ(c.entries.size(), 2u);
  EXPECT_EQ(c.more, 3u);
  EXPECT_EQ(c.more_delta_self, 5);
  EXPECT_EQ(sum_of_self_deltas(c) + c.more_delta_self, c.delta());
}

TEST(ProfileExplain, ComponentsAndObjectsRollUpFunctions) {
  const CellExplanation c = explain(ExplainBy::kComponent);
  EXPECT_EQ(sum_of_self_deltas(c), c.delta());
  ASSERT_EQ(c.entries.size(), 3u);
  EXPECT_EQ(c.entries[0].component, "at::native");
  EXPECT_EQ(c.entries[0].function, "");
  EXPECT_EQ(c.entries[0].delta_self(), 15);
  // main, bar and baz: calls among them are inside the component.
  EXPECT_EQ(c.entries[1].component, "libtorch_cpu.so");
  EXPECT_EQ(c.entries[1].delta_self(), 0);
  EXPECT_EQ(c.entries[1].base_inclusive, 45);
  EXPECT_EQ(c.entries[1].new_inclusive, 60);

  const CellExplanation o = explain(ExplainBy::kObject);
  EXPECT_EQ(sum_of_self_deltas(o), o.delta());
  ASSERT_EQ(o.entries.size(), 2u);
  EXPECT_EQ(o.entries[0].object, "libtorch_cpu.so");
  EXPECT_EQ(o.entries[0].component, "");  // several
  EXPECT_EQ(o.entries[0].delta_self(), 15);
  EXPECT_EQ(o.entries[1].object, "libc.so.6");
  EXPECT_EQ(o.entries[1].component, "libc.so.6");
}

}  // namespace
}  // namespace tally::explain

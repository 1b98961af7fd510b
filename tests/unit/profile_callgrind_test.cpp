// The profile library on real callgrind output: totals as callgrind writes
// them, merging dumps, writing back, and callgrind_annotate reading what it
// wrote with the same total.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>

#include "profile/callgrind_reader.hpp"
#include "profile/callgrind_writer.hpp"
#include "support/tally_cli.hpp"

namespace tally::profile {
namespace {

using test::quote;
using test::read_text;

bool have_valgrind() {
  return std::system("valgrind --version >/dev/null 2>&1") == 0;
}

/// Runs healthy.so's spin loop `n` times under callgrind as tally does
/// (--dump-line=no) and returns the dump's path.
std::string dump_spin(const std::string& dir, std::int64_t n) {
  const std::string out = dir + "/cg." + std::to_string(n);
  const std::string command =
      "valgrind --tool=callgrind --dump-line=no --callgrind-out-file=" +
      quote(out) + " " + quote(TALLY_SPIN_DRIVER) + " " +
      quote(test::loadable_plugins() + "/healthy.so") + " " +
      std::to_string(n) + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return out;
}

std::uint64_t totals_line(const std::string& path) {
  const std::string text = read_text(path);
  const auto at = text.rfind("\ntotals:");
  EXPECT_NE(at, std::string::npos) << path;
  return std::stoull(text.substr(at + 8));
}

std::uint64_t self_of(const Profile& p, const std::string& name) {
  std::uint64_t sum = 0;
  for (const Function& f : p.functions())
    if (f.key.name == name) sum += f.self[0];
  return sum;
}

class ProfileCallgrind : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_valgrind()) GTEST_SKIP() << "valgrind is not installed";
    dir_ = test::make_temp_dir("profile");
  }
  std::string dir_;
};

TEST_F(ProfileCallgrind, TotalIsTheTotalsLineOfARealDump) {
  const std::string dump = dump_spin(dir_, 100000);
  const Profile p = read_callgrind(dump);
  ASSERT_EQ(p.events(), std::vector<std::string>{"Ir"});
  EXPECT_EQ(p.total()[0], totals_line(dump));
  // The loop's instructions are its own: at least 2 per iteration.
  EXPECT_GT(self_of(p, "tally_test_spin"), 200000u);
}

TEST_F(ProfileCallgrind, MergedDumpsSumTheirCostsAndCalls) {
  const std::string a = dump_spin(dir_, 1000);
  const std::string b = dump_spin(dir_, 3000);
  const Profile pa = read_callgrind(a), pb = read_callgrind(b);
  const Profile sum = merge({pa, pb});
  EXPECT_EQ(sum.total()[0], totals_line(a) + totals_line(b));
  EXPECT_EQ(self_of(sum, "tally_test_spin"),
            self_of(pa, "tally_test_spin") + self_of(pb, "tally_test_spin"));
  std::uint64_t spin_calls = 0;
  for (const Function& f : sum.functions())
    for (const Call& c : f.calls)
      if (sum.functions()[c.callee].key.name == "tally_test_spin")
        spin_calls += c.count;
  EXPECT_EQ(spin_calls, 2u);
}

TEST_F(ProfileCallgrind, WrittenProfileReadsBackTheSame) {
  Profile p = merge({read_callgrind(dump_spin(dir_, 1000)),
                     read_callgrind(dump_spin(dir_, 2000))});
  p.header().label("healthy_loop_native", "instruction_count");
  const std::string path = dir_ + "/healthy_loop_native.callgrind";
  write_callgrind_file(path, p);
  const Profile back = read_callgrind(path);
  EXPECT_EQ(back.header().cell(), "healthy_loop_native");
  EXPECT_EQ(back.header().metric(), "instruction_count");
  EXPECT_EQ(back.total(), p.total());
  EXPECT_EQ(totals_line(path), p.total()[0]);
  // Every function and call, by name: the indices may differ.
  ASSERT_EQ(back.functions().size(), p.functions().size());
  std::map<std::string, const Function*> by_name;
  for (const Function& g : back.functions())
    by_name[g.key.object + "|" + g.key.file + "|" + g.key.name] = &g;
  for (const Function& f : p.functions()) {
    const Function* g =
        by_name[f.key.object + "|" + f.key.file + "|" + f.key.name];
    ASSERT_NE(g, nullptr) << f.key.name;
    EXPECT_EQ(g->self, f.self) << f.key.name;
    ASSERT_EQ(g->calls.size(), f.calls.size()) << f.key.name;
    for (std::size_t i = 0; i < f.calls.size(); ++i) {
      EXPECT_EQ(g->calls[i].count, f.calls[i].count) << f.key.name;
      EXPECT_EQ(g->calls[i].inclusive, f.calls[i].inclusive) << f.key.name;
    }
  }
  // Name compression: each function name is written in full once.
  const std::string text = read_text(path);
  EXPECT_EQ(text.find("tally_test_spin"), text.rfind("tally_test_spin"));
}

TEST_F(ProfileCallgrind, CallgrindAnnotateShowsOurTotal) {
  Profile p = merge({read_callgrind(dump_spin(dir_, 5000)),
                     read_callgrind(dump_spin(dir_, 7000))});
  p.header().label("cell", "instruction_count");
  const std::string path = dir_ + "/merged.callgrind";
  write_callgrind_file(path, p);
  for (const char* inclusive : {"no", "yes"}) {
    const std::string out = dir_ + "/annotate." + inclusive;
    const std::string command =
        "callgrind_annotate --threshold=100 "
        "--inclusive=" +
        std::string(inclusive) + " " + quote(path) + " >" + quote(out) +
        " 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << read_text(out);
    const std::string text = read_text(out);
    const auto at = text.find(" PROGRAM TOTALS");
    ASSERT_NE(at, std::string::npos) << text;
    // "6,466,316 (100.0%)  PROGRAM TOTALS"
    std::string digits;
    for (std::size_t i = text.rfind('\n', at) + 1; text[i] != ' '; ++i)
      if (text[i] != ',') digits += text[i];
    EXPECT_EQ(std::stoull(digits), p.total()[0]) << text;
    EXPECT_NE(text.find("tally_test_spin"), std::string::npos) << text;
    EXPECT_EQ(text.find("WARNING"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace tally::profile

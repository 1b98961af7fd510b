// The callgrind reader on a hand-written file that uses every part of the
// format, and its one-line errors for broken files.
#include <gtest/gtest.h>

#include <string>

#include "core/exit_code.hpp"
#include "profile/callgrind_reader.hpp"

namespace tally::profile {
namespace {

const std::string kSample =
    std::string(TALLY_TEST_DATA_DIR) + "/profiles/sample.callgrind";

const Function& find(const Profile& p, const std::string& name) {
  for (const Function& f : p.functions())
    if (f.key.name == name) return f;
  throw std::runtime_error("no function " + name);
}

const Call* find_call(const Profile& p, const Function& from,
                      const std::string& to) {
  for (const Call& c : from.calls)
    if (p.functions()[c.callee].key.name == to) return &c;
  return nullptr;
}

TEST(ProfileReader, ReadsEveryPartOfTheFormat) {
  const Profile p = read_callgrind(kSample);
  EXPECT_EQ(p.events(), (std::vector<std::string>{"Ir", "Dr"}));
  EXPECT_EQ(p.header().creator, "callgrind-3.19.0");
  EXPECT_EQ(p.header().cmd, "./prog arg");
  EXPECT_EQ(p.header().desc.size(), 2u);
  EXPECT_EQ(p.total(), (Costs{179, 12}));

  const Function& main = find(p, "main");
  EXPECT_EQ(main.key.object, "/usr/lib/libfoo.so");
  EXPECT_EQ(main.key.file, "foo.c");
  // Inlined code (fi=/fe=) and relative positions stay in main.
  EXPECT_EQ(main.self, (Costs{28, 2}));
  const Call* bar = find_call(p, main, "bar(int)");
  ASSERT_NE(bar, nullptr);
  EXPECT_EQ(bar->count, 2u);
  EXPECT_EQ(bar->inclusive, (Costs{100, 10}));
  EXPECT_EQ(p.functions()[bar->callee].key.object, "/usr/lib/libbar.so");
  const Call* helper = find_call(p, main, "helper");
  ASSERT_NE(helper, nullptr);
  EXPECT_EQ(helper->inclusive, (Costs{50, 0}));

  // A compressed name given again by id is the same function.
  const Function& bar_fn = find(p, "bar(int)");
  EXPECT_EQ(bar_fn.self, (Costs{80, 8}));
  const Call* back = find_call(p, bar_fn, "helper");
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(back->callee, helper->callee);
  EXPECT_EQ(find(p, "helper").self, (Costs{70, 2}));
  EXPECT_EQ(find(p, "plain_c_function").self, (Costs{1, 0}));
}

/// The message of the ProfileError that parsing `text` throws.
std::string profile_error_of(const std::string& text) {
  try {
    parse_callgrind(text, "p.callgrind");
  } catch (const ProfileError& e) {
    EXPECT_EQ(e.code(), ExitCode::kBadInput);
    return e.what();
  }
  return "";
}

const std::string kHead = "events: Ir\nfl=(1) a.c\nfn=(1) f\n";

TEST(ProfileReader, NamesFileAndLineOfWhatIsWrong) {
  EXPECT_EQ(profile_error_of(""),
            "p.callgrind: no 'events:' line: not a callgrind "
            "profile");
  EXPECT_EQ(profile_error_of("# callgrind format\n0 5\n"),
            "p.callgrind:2: a cost line before the 'events:' line");
  EXPECT_EQ(profile_error_of("fn=(1) f\n"),
            "p.callgrind:1: 'fn=' before the 'events:' line");
  EXPECT_EQ(profile_error_of(kHead + "0 5x\n"),
            "p.callgrind:4: bad number '5x'");
  EXPECT_EQ(profile_error_of(kHead + "0 5 6\n"),
            "p.callgrind:4: more costs than the 1 events");
  EXPECT_EQ(profile_error_of(kHead + "0 5\n"),
            "p.callgrind: no 'totals:' line: the file is cut short");
  EXPECT_EQ(profile_error_of(kHead + "0 5\ntotals: 5"),
            "p.callgrind:5: the last line is incomplete: the file is cut "
            "short");
  EXPECT_EQ(profile_error_of(kHead + "0 5\ntotals: 6\n"),
            "p.callgrind: 'totals:' says 6 Ir but the costs add up to 5");
  EXPECT_EQ(profile_error_of(kHead + "cfn=(2) g\ncalls=1 0\nfn=(3) h\n"),
            "p.callgrind:6: 'calls=' is not followed by the cost of the call");
  EXPECT_EQ(profile_error_of(kHead + "cfn=(2)\n"),
            "p.callgrind:4: name id (2) used before defined");
  EXPECT_EQ(profile_error_of(kHead + "calls=1 0\n"),
            "p.callgrind:4: 'calls=' without a 'cfn=' line before it");
  EXPECT_EQ(profile_error_of("events: Ir\n0 5\n"),
            "p.callgrind:2: a cost line before any 'fn=' line");
  EXPECT_EQ(profile_error_of(kHead + "what is this\n"),
            "p.callgrind:4: not a callgrind line: 'what is this'");
}

TEST(ProfileReader, AMissingFileIsAnIoError) {
  try {
    read_callgrind("/nonexistent/p.callgrind");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kIoError);
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/p.callgrind: ", 0), 0u)
        << e.what();
  }
}

TEST(ProfileReader, LabelIsReadBack) {
  Profile p = parse_callgrind(kHead + "0 5\ntotals: 5\n", "p");
  EXPECT_EQ(p.header().cell(), "");
  p.header().label("add_loop_eager", "instruction_count");
  EXPECT_EQ(p.header().cell(), "add_loop_eager");
  EXPECT_EQ(p.header().metric(), "instruction_count");
}

TEST(ProfileReader, AddingProfilesOfOtherEventsFails) {
  Profile a = parse_callgrind(kHead + "0 5\ntotals: 5\n", "a");
  const Profile b = read_callgrind(kSample);
  try {
    a.add(b);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kBadInput);
  }
}

}  // namespace
}  // namespace tally::profile

// `tally explain` end to end: results folders whose profiles come from real
// callgrind runs of a loop of two lengths, and every bad input it refuses.
#include "explain/explain.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <numeric>

#include "core/exit_code.hpp"
#include "profile/callgrind_reader.hpp"
#include "profile/callgrind_writer.hpp"
#include "support/tally_cli.hpp"

namespace tally::test {
namespace {

using nlohmann::json;
using profile::Profile;

bool have_valgrind() {
  return std::system("valgrind --version >/dev/null 2>&1") == 0;
}

/// healthy.so's loop run `n` times under callgrind; `extra` are more
/// valgrind options. Returns the dump's path.
std::string dump_spin(const std::string& dir, std::int64_t n,
                      const std::string& extra = "") {
  static int serial = 0;
  const std::string out = dir + "/cg." + std::to_string(++serial);
  const std::string command = "valgrind --tool=callgrind --dump-line=no " +
                              extra + " --callgrind-out-file=" + quote(out) +
                              " " + quote(TALLY_SPIN_DRIVER) + " " +
                              quote(loadable_plugins() + "/healthy.so") + " " +
                              std::to_string(n) + " >/dev/null 2>&1";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return out;
}

struct CellProfile {
  std::string cell, metric;
  Profile profile;
};

/// A results folder as `tally run --profiles min` leaves it: results.json
/// listing each profile, and the profiles, labelled, under profiles/.
std::string write_run(const std::string& dir, const std::string& counter,
                      std::vector<CellProfile> cells) {
  std::system(("mkdir -p " + quote(dir + "/profiles")).c_str());
  json doc = {{"metadata", {{"counter", counter}}}, {"cells", json::array()}};
  for (CellProfile& c : cells) {
    const std::string relative =
        "profiles/" + c.cell + "." + c.metric + ".callgrind";
    c.profile.header().label(c.cell, c.metric);
    profile::write_callgrind_file(dir + "/" + relative, c.profile);
    json* cell = nullptr;
    for (json& existing : doc["cells"])
      if (existing["name"] == c.cell) cell = &existing;
    if (!cell) {
      doc["cells"].push_back(
          {{"name", c.cell}, {"status", "ok"}, {"metrics", json::object()}});
      cell = &doc["cells"].back();
    }
    (*cell)["metrics"][c.metric] = {{"min", c.profile.total()[0]},
                                    {"profile", relative}};
  }
  write_text(dir + "/results.json", doc.dump(2));
  return dir;
}

std::uint64_t totals_line(const std::string& path) {
  const std::string text = read_text(path);
  return std::stoull(text.substr(text.rfind("\ntotals:") + 8));
}

const json& cell_of(const json& doc, const std::string& name,
                    const std::string& metric) {
  for (const json& c : doc["cells"])
    if (c["name"] == name && c["metric"] == metric) return c;
  throw std::runtime_error("no cell " + name + " " + metric);
}

std::int64_t sum_of_self_deltas(const json& cell) {
  std::int64_t sum = 0;
  for (const json& e : cell["entries"])
    sum += e["delta_self"].get<std::int64_t>();
  return sum;
}

class Explain : public ::testing::Test {
 protected:
  // The runs are made once for the suite: valgrind takes seconds.
  static void SetUpTestSuite() {
    if (!have_valgrind()) return;
    dir_ = make_temp_dir("explain");
    const std::string base_dump = dump_spin(dir_, 100000);
    const std::string new_dump = dump_spin(dir_, 150000);
    const Profile same_base = profile::read_callgrind(dump_spin(dir_, 20000));
    const Profile same_new = profile::read_callgrind(dump_spin(dir_, 20000));
    base_total_ = totals_line(base_dump);
    new_total_ = totals_line(new_dump);
    const Profile planted_base = profile::read_callgrind(base_dump);
    const Profile planted_new = profile::read_callgrind(new_dump);
    // A region of several segments: its profile is the dumps merged.
    base_ = write_run(dir_ + "/base", "callgrind",
                      {{"spin_planted", "instruction_count", planted_base},
                       {"spin_planted", "compile_time_instruction_count",
                        profile::merge({planted_base, same_base})},
                       {"spin_same", "instruction_count", same_base}});
    new_ = write_run(dir_ + "/new", "callgrind",
                     {{"spin_planted", "instruction_count", planted_new},
                      {"spin_planted", "compile_time_instruction_count",
                       profile::merge({planted_new, same_new})},
                      {"spin_same", "instruction_count", same_new}});
    // What the planted work costs, counted by callgrind alone.
    const std::string toggle = "--toggle-collect=tally_test_spin";
    planted_delta_ =
        static_cast<std::int64_t>(
            totals_line(dump_spin(dir_, 150000, toggle))) -
        static_cast<std::int64_t>(totals_line(dump_spin(dir_, 100000, toggle)));
  }
  void SetUp() override {
    if (!have_valgrind()) GTEST_SKIP() << "valgrind is not installed";
  }

  static json explain_json(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"explain", base_, new_, "--format",
                                     "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const CliResult r = run_tally(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }

  static inline std::string dir_, base_, new_;
  static inline std::uint64_t base_total_ = 0, new_total_ = 0;
  static inline std::int64_t planted_delta_ = 0;
};

TEST_F(Explain, NamesThePlantedFunctionFirstWithTheExactDelta) {
  ASSERT_GT(planted_delta_, 100000);
  const json doc = explain_json({"--top", "0"});
  ASSERT_EQ(doc["cells"].size(), 3u);
  for (const char* metric :
       {"instruction_count", "compile_time_instruction_count"}) {
    const json& cell = cell_of(doc, "spin_planted", metric);
    const json& first = cell["entries"][0];
    EXPECT_EQ(first["function"], "tally_test_spin") << metric;
    EXPECT_EQ(first["object"], "healthy.so");
    EXPECT_EQ(first["component"], "healthy.so");
    EXPECT_EQ(first["delta_self"].get<std::int64_t>(), planted_delta_);
    EXPECT_EQ(first["delta_inclusive"].get<std::int64_t>(), planted_delta_);
    EXPECT_EQ(sum_of_self_deltas(cell), cell["delta"].get<std::int64_t>());
    EXPECT_EQ(
        cell["delta"].get<std::int64_t>(),
        cell["new"].get<std::int64_t>() - cell["base"].get<std::int64_t>());
  }
  const json& planted = cell_of(doc, "spin_planted", "instruction_count");
  EXPECT_EQ(planted["base"].get<std::uint64_t>(), base_total_);
  EXPECT_EQ(planted["new"].get<std::uint64_t>(), new_total_);
  const json& same = cell_of(doc, "spin_same", "instruction_count");
  EXPECT_EQ(sum_of_self_deltas(same), same["delta"].get<std::int64_t>());
}

TEST_F(Explain, FormatsFiltersAndRollUps) {
  json doc = explain_json(
      {"--filter", "planted", "--metric", "instruction_count", "--top", "1"});
  ASSERT_EQ(doc["cells"].size(), 1u);
  EXPECT_EQ(doc["cells"][0]["entries"].size(), 1u);

  doc = explain_json({"--by", "component"});
  const json& first =
      cell_of(doc, "spin_planted", "instruction_count")["entries"][0];
  EXPECT_EQ(first["function"], "");
  EXPECT_EQ(first["component"], "healthy.so");
  EXPECT_EQ(first["delta_self"].get<std::int64_t>(), planted_delta_);

  CliResult r = run_tally({"explain", base_, new_, "--format", "markdown"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::size_t sections = 0;
  for (std::size_t at = 0;
       (at = r.out.find("<details>", at)) != std::string::npos; ++at)
    ++sections;
  EXPECT_EQ(sections, 3u) << r.out;
  EXPECT_NE(r.out.find("| `tally_test_spin` |"), std::string::npos) << r.out;

  r = run_tally({"explain", base_, new_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto header = r.out.find("spin_planted  instruction_count: ");
  ASSERT_NE(header, std::string::npos) << r.out;
  const auto row = r.out.find('\n', r.out.find('\n', header) + 1) + 1;
  EXPECT_NE(
      r.out.substr(row, r.out.find('\n', row) - row).find("tally_test_spin"),
      std::string::npos)
      << r.out;
}

TEST_F(Explain, TopFunctionsForCheckAndCompare) {
  const auto top = explain::top_functions(base_, new_, "spin_planted",
                                          "instruction_count", 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].function, "tally_test_spin");
  EXPECT_EQ(top[0].delta_self(), planted_delta_);
}

// Bad inputs need no valgrind: small hand-written profiles will do.
Profile small_profile(std::uint64_t cost) {
  const std::string c = std::to_string(cost);
  return profile::parse_callgrind(
      "events: Ir\nob=(1) /x/plugin.so\nfl=(1) a.cpp\nfn=(1) work\n0 " + c +
          "\ntotals: " + c + "\n",
      "small");
}

struct ExplainBadInput : ::testing::Test {
  void SetUp() override {
    dir = make_temp_dir("explain-bad");
    base = write_run(dir + "/base", "callgrind",
                     {{"a", "instruction_count", small_profile(10)},
                      {"b", "instruction_count", small_profile(20)}});
    now = write_run(dir + "/new", "callgrind",
                    {{"a", "instruction_count", small_profile(15)},
                     {"b", "instruction_count", small_profile(20)}});
  }
  CliResult explain(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"explain", base, now};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_tally(args);
  }
  static int code(ExitCode c) { return to_int(c); }
  std::string dir, base, now;
};

TEST_F(ExplainBadInput, GoodInputsExplain) {
  const CliResult r = explain();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("a  instruction_count: 10 -> 15 (+5, +50.00%)"),
            std::string::npos)
      << r.out;
}

TEST_F(ExplainBadInput, MissingFolderOrResultsJson) {
  CliResult r = run_tally({"explain", dir + "/nowhere", now});
  EXPECT_EQ(r.exit_code, code(ExitCode::kIoError));
  EXPECT_EQ(r.err, "tally explain: error: " + dir +
                       "/nowhere: no such results folder\n");
  std::system(("mkdir -p " + quote(dir + "/empty")).c_str());
  r = run_tally({"explain", base, dir + "/empty"});
  EXPECT_EQ(r.exit_code, code(ExitCode::kIoError));
  EXPECT_NE(r.err.find(dir + "/empty: not a results folder (no results.json)"),
            std::string::npos)
      << r.err;
  write_text(base + "/results.json", "{\"cells\": [");
  r = explain();
  EXPECT_EQ(r.exit_code, code(ExitCode::kBadInput));
  EXPECT_NE(r.err.find(base + "/results.json: not valid JSON"),
            std::string::npos)
      << r.err;
}

TEST_F(ExplainBadInput, ARunWithoutProfiles) {
  write_text(now + "/results.json",
             R"({"metadata": {"counter": "callgrind"}, "cells": [{"name": "a",
             "status": "ok", "metrics": {"instruction_count": {"min": 1}}}]})");
  const CliResult r = explain();
  EXPECT_EQ(r.exit_code, code(ExitCode::kNoProfiles));
  EXPECT_EQ(r.err, "tally explain: error: " + now +
                       "/results.json: no profiles; run with `--counter "
                       "callgrind` and `--profiles min` to keep them\n");
}

TEST_F(ExplainBadInput, MissingTruncatedOrCorruptProfile) {
  const std::string profile = now + "/profiles/a.instruction_count.callgrind";
  const std::string text = read_text(profile);
  std::remove(profile.c_str());
  CliResult r = explain();
  EXPECT_EQ(r.exit_code, code(ExitCode::kIoError));
  EXPECT_NE(r.err.find(profile + ": no such profile"), std::string::npos)
      << r.err;

  write_text(profile, text.substr(0, text.size() / 2));
  r = explain();
  EXPECT_EQ(r.exit_code, code(ExitCode::kBadInput));
  EXPECT_NE(r.err.find(profile + ":"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cut short"), std::string::npos) << r.err;

  std::string corrupt = text;
  corrupt.replace(corrupt.find("\n0 15\n"), 6, "\n0 1x5\n");
  write_text(profile, corrupt);
  r = explain();
  EXPECT_EQ(r.exit_code, code(ExitCode::kBadInput));
  EXPECT_NE(r.err.find(profile + ":"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(": bad number '1x5'"), std::string::npos) << r.err;
}

TEST_F(ExplainBadInput, AProfileOfAnotherCell) {
  const std::string a = now + "/profiles/a.instruction_count.callgrind";
  write_text(a, read_text(now + "/profiles/b.instruction_count.callgrind"));
  const CliResult r = explain();
  EXPECT_EQ(r.exit_code, code(ExitCode::kBadInput));
  EXPECT_EQ(r.err, "tally explain: error: " + a +
                       ": is the profile of b instruction_count, but "
                       "results.json lists it for a instruction_count\n");
}

TEST_F(ExplainBadInput, RunsOfDifferentCounters) {
  std::string text = read_text(now + "/results.json");
  text.replace(text.find("\"callgrind\""), 11, "\"perf\"");
  write_text(now + "/results.json", text);
  const CliResult r = explain();
  EXPECT_EQ(r.exit_code, code(ExitCode::kNoProfiles));
  EXPECT_NE(r.err.find(base +
                       "/results.json was measured with the callgrind "
                       "counter, " +
                       now + "/results.json with perf"),
            std::string::npos)
      << r.err;
}

TEST_F(ExplainBadInput, NoCellInCommonOrBadOptions) {
  CliResult r = explain({"--filter", "^zzz"});
  EXPECT_EQ(r.exit_code, code(ExitCode::kNoProfiles));
  EXPECT_NE(r.err.find("no cell matching '^zzz' has a profile of any metric in "
                       "both " +
                       base + "/results.json and " + now + "/results.json"),
            std::string::npos)
      << r.err;
  r = explain({"--by", "file"});
  EXPECT_EQ(r.exit_code, code(ExitCode::kUsage));
  r = explain({"--components", dir + "/none.yaml"});
  EXPECT_EQ(r.exit_code, code(ExitCode::kIoError));
}

}  // namespace
}  // namespace tally::test

// Sharded sweeps: `tally run --shard K/N` and `tally merge`. Shards merged
// give the rows of an unsharded run in its order (under callgrind, the same
// bytes); merge refuses shards of different plans, overlapping shards and
// missing cells, each in one line with its exit code; and the cost-aware
// split under --jobs 2 counts what --jobs 1 counts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/tally_cli.hpp"

namespace tally::test {
namespace shard_merge_test {

const char* kSweep = R"(
defaults: {iterations: 2}
benchmarks:
  - {name: healthy_loop, params: {n: 10000}, label: a}
  - {name: healthy_loop, params: {n: 20000}, label: b}
  - {name: healthy_loop, params: {n: 30000}, label: c}
  - {name: healthy_heap}
  - {name: healthy_empty}
  - {name: hostile_ok}
  - {name: slow_sleep, params: {ms: 1, n: 1000}, label: a}
  - {name: slow_sleep, params: {ms: 1, n: 2000}, label: b}
)";

struct Sweep {
  std::string dir;
  std::string config() const { return dir + "/m.yaml"; }
};

Sweep make_sweep(const std::string& name, const char* yaml = kSweep) {
  Sweep s{make_temp_dir(name)};
  write_text(s.config(), yaml);
  return s;
}

CliResult run_shard(const Sweep& s, const std::string& counter,
                    const std::string& out, std::vector<std::string> extra) {
  std::vector<std::string> args = {"run",
                                   s.config(),
                                   "--counter",
                                   counter,
                                   "--out",
                                   s.dir + "/" + out,
                                   "--no-default-plugins",
                                   "--plugins",
                                   loadable_plugins()};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_tally(args);
}

CliResult merge(const Sweep& s, const std::vector<std::string>& shards,
                const std::string& out, bool allow_partial = false) {
  std::vector<std::string> args = {"merge"};
  for (const auto& shard : shards) args.push_back(s.dir + "/" + shard);
  args.insert(args.end(), {"--out", s.dir + "/" + out});
  if (allow_partial) args.push_back("--allow-partial");
  return run_tally(args);
}

// name,metric of every results.csv row, in order (wall values differ).
std::vector<std::string> row_keys(const std::string& csv) {
  std::vector<std::string> keys;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);)
    keys.push_back(line.substr(0, line.rfind(',')));
  return keys;
}

std::vector<std::string> names_in(const nlohmann::json& cells) {
  std::vector<std::string> names;
  for (const auto& cell : cells) names.push_back(cell["name"]);
  return names;
}

std::vector<std::string> journal_names(const std::string& path) {
  std::vector<std::string> names;
  std::istringstream in(read_text(path));
  for (std::string line; std::getline(in, line);)
    names.push_back(nlohmann::json::parse(line)["name"]);
  return names;
}

size_t lines_of(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(ShardMerge, ThreeShardsMergeIntoTheUnshardedRunsRowsInPlanOrder) {
  Sweep s = make_sweep("shard-rows");
  CliResult whole = run_shard(s, "wall", "whole", {});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  std::set<std::string> owned;
  for (int k = 1; k <= 3; ++k) {
    const std::string shard = "shard-" + std::to_string(k);
    CliResult r =
        run_shard(s, "wall", shard, {"--shard", std::to_string(k) + "/3"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto run =
        nlohmann::json::parse(read_text(s.dir + "/" + shard + "/run.json"));
    for (const auto& name : run["shard_plan"]["owned"]) {
      EXPECT_TRUE(owned.insert(name.get<std::string>()).second) << name;
    }
    auto results =
        nlohmann::json::parse(read_text(s.dir + "/" + shard + "/results.json"));
    EXPECT_EQ(results["metadata"]["shard"]["index"], k);
    EXPECT_EQ(results["metadata"]["shard"]["fingerprint"]["counter"], "wall");
  }
  EXPECT_EQ(owned.size(), 8u);
  CliResult merged = merge(s, {"shard-3", "shard-1", "shard-2"}, "merged");
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_NE(merged.out.find("merged 3 shard(s): 8 cells"), std::string::npos)
      << merged.out;
  const std::string whole_csv = read_text(s.dir + "/whole/results.csv");
  EXPECT_EQ(row_keys(read_text(s.dir + "/merged/results.csv")),
            row_keys(whole_csv));
  EXPECT_EQ(lines_of(whole_csv), 14u);
  auto a = nlohmann::json::parse(read_text(s.dir + "/whole/results.json"));
  auto b = nlohmann::json::parse(read_text(s.dir + "/merged/results.json"));
  EXPECT_EQ(names_in(b["cells"]), names_in(a["cells"]));
  EXPECT_EQ(b["metadata"]["shards"].size(), 3u);
  // One run id of its own, the same in any order: no shard's, nor a new one.
  const std::string merged_id = b["metadata"]["run_id"];
  EXPECT_EQ(merged_id.size(), 32u);
  for (const auto& part : b["metadata"]["shards"])
    EXPECT_NE(part["run_id"], merged_id);
  ASSERT_EQ(merge(s, {"shard-1", "shard-2", "shard-3"}, "again").exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(
                read_text(s.dir + "/again/results.json"))["metadata"]["run_id"],
            merged_id);
  // The journal in plan order: the cells of results.json, less skipped.
  EXPECT_EQ(journal_names(s.dir + "/merged/journal.jsonl").size(), 8u);
}

TEST(ShardMerge, RefusesShardsOfDifferentPlans) {
  Sweep s = make_sweep("shard-plans");
  ASSERT_EQ(run_shard(s, "wall", "one", {"--shard", "1/2"}).exit_code, 0);
  ASSERT_EQ(run_shard(s, "wall", "two", {"--shard", "2/2", "--iterations", "1"})
                .exit_code,
            0);
  CliResult r = merge(s, {"one", "two"}, "merged");
  EXPECT_EQ(r.exit_code, 12) << r.err;
  EXPECT_NE(r.err.find("are shards of different plans: options differs"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(lines_of(r.err), 1u) << r.err;
}

TEST(ShardMerge, RefusesOverlappingShards) {
  Sweep s = make_sweep("shard-overlap");
  ASSERT_EQ(run_shard(s, "wall", "a", {"--shard", "1/2"}).exit_code, 0);
  ASSERT_EQ(run_shard(s, "wall", "b", {"--shard", "1/2"}).exit_code, 0);
  CliResult r = merge(s, {"a", "b"}, "merged");
  EXPECT_EQ(r.exit_code, 12) << r.err;
  EXPECT_NE(r.err.find("overlap: both own cell"), std::string::npos) << r.err;
  EXPECT_EQ(lines_of(r.err), 1u) << r.err;
}

TEST(ShardMerge, NamesMissingCellsUnlessAllowPartial) {
  Sweep s = make_sweep("shard-missing");
  for (int k = 1; k <= 2; ++k)
    ASSERT_EQ(run_shard(s, "wall", "s" + std::to_string(k),
                        {"--shard", std::to_string(k) + "/3"})
                  .exit_code,
              0);
  CliResult r = merge(s, {"s1", "s2"}, "merged");
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_NE(r.err.find("have no result"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("shards not given (2 of 3 given)"), std::string::npos)
      << r.err;
  EXPECT_EQ(lines_of(r.err), 1u) << r.err;

  CliResult partial = merge(s, {"s1", "s2"}, "partial", true);
  EXPECT_EQ(partial.exit_code, 0) << partial.err;
  auto doc = nlohmann::json::parse(read_text(s.dir + "/partial/results.json"));
  const auto& missing = doc["metadata"]["missing_cells"];
  ASSERT_FALSE(missing.empty());
  for (const auto& name : missing)
    EXPECT_NE(partial.err.find("  " + name.get<std::string>() + "\n"),
              std::string::npos);
}

TEST(ShardMerge, RefusesAFolderThatIsNotAShard) {
  Sweep s = make_sweep("shard-not");
  ASSERT_EQ(run_shard(s, "wall", "plain", {}).exit_code, 0);
  CliResult r = merge(s, {"plain"}, "merged");
  EXPECT_EQ(r.exit_code, 12) << r.err;
  EXPECT_NE(r.err.find("is not a shard"), std::string::npos) << r.err;
  CliResult none = merge(s, {"nowhere"}, "merged");
  EXPECT_EQ(none.exit_code, 8) << none.err;
}

TEST(ShardMerge, ResumeOfAShardKeepsItsShard) {
  Sweep s = make_sweep("shard-resume");
  ASSERT_EQ(run_shard(s, "wall", "s2", {"--shard", "2/3"}).exit_code, 0);
  const std::string before = read_text(s.dir + "/s2/results.csv");
  CliResult r = run_tally({"run", "--resume", s.dir + "/s2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("0 to measure"), std::string::npos) << r.err;
  EXPECT_EQ(row_keys(read_text(s.dir + "/s2/results.csv")), row_keys(before));
}

TEST(ShardMerge, DryRunPredictsTheMakespanFromCosts) {
  Sweep s = make_sweep("shard-dry");
  ASSERT_EQ(run_shard(s, "wall", "base", {}).exit_code, 0);
  CliResult r = run_shard(s, "wall", "dry",
                          {"--dry-run", "--jobs", "2", "--costs",
                           s.dir + "/base", "--shard", "1/2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("predicted makespan with --jobs 2: "), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("costs from " + s.dir + "/base/results.json"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("shard 1/2 owns "), std::string::npos) << r.out;
  CliResult bad =
      run_shard(s, "wall", "dry2", {"--dry-run", "--costs", s.dir + "/m.yaml"});
  EXPECT_EQ(bad.exit_code, 4) << bad.err;
  // One error line, after the counter's usual note.
  EXPECT_NE(
      bad.err.find("tally run: error: " + s.dir + "/m.yaml: not valid JSON"),
      std::string::npos)
      << bad.err;
  EXPECT_EQ(lines_of(bad.err), 2u) << bad.err;
}

TEST(ShardMerge, CostsComeFromTheNewestRunInAHistoryDatabase) {
  Sweep s = make_sweep("shard-history");
  ASSERT_EQ(
      run_shard(s, "wall", "base", {"--history", s.dir + "/h.db"}).exit_code,
      0);
  CliResult r =
      run_shard(s, "wall", "dry",
                {"--dry-run", "--jobs", "2", "--history", s.dir + "/h.db"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("costs from " + s.dir + "/base/results.json"),
            std::string::npos)
      << r.out;
}

// Under callgrind, merged shards are the unsharded run, byte for byte, and a
// split of one plugin's cells over two workers counts what one worker does.
TEST(ShardCallgrind, MergedShardsAndSplitWorkersCountExactlyTheSame) {
  Sweep s = make_sweep("shard-callgrind");
  CliResult whole = run_shard(s, "callgrind", "whole", {"--jobs", "1"});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  for (int k = 1; k <= 3; ++k)
    ASSERT_EQ(run_shard(s, "callgrind", "s" + std::to_string(k),
                        {"--shard", std::to_string(k) + "/3"})
                  .exit_code,
              0);
  ASSERT_EQ(merge(s, {"s1", "s2", "s3"}, "merged").exit_code, 0);
  const std::string expected = read_text(s.dir + "/whole/results.csv");
  EXPECT_EQ(read_text(s.dir + "/merged/results.csv"), expected);
  // Every profile the merged results.json names is there, as in the shard.
  size_t profiles = 0;
  const auto merged_json =
      nlohmann::json::parse(read_text(s.dir + "/merged/results.json"));
  for (const auto& cell : merged_json["cells"])
    for (const auto& [metric, stats] : cell["metrics"].items())
      if (stats.contains("profile")) {
        ++profiles;
        EXPECT_FALSE(
            read_text(s.dir + "/merged/" + stats["profile"].get<std::string>())
                .empty())
            << stats["profile"];
      }
  EXPECT_EQ(profiles, lines_of(expected));  // one per row of results.csv
  // Costs where every cell takes 100 s and a worker starts in 1 s: with
  // --jobs 2, healthy's 5 cells are split over two workers (4 in all).
  nlohmann::json costs = {
      {"metadata",
       {{"worker_startup_s", {{"healthy", 1}, {"hostile", 1}, {"slow", 1}}}}},
      {"cells", nlohmann::json::array()}};
  const auto whole_json =
      nlohmann::json::parse(read_text(s.dir + "/whole/results.json"));
  for (const auto& cell : whole_json["cells"])
    costs["cells"].push_back(
        nlohmann::json::object({{"name", cell["name"]},
                                {"status", "ok"},
                                {"metrics", nlohmann::json::object()},
                                {"elapsed_s", 100}}));
  write_text(s.dir + "/costs.json", costs.dump());
  const std::vector<std::string> split = {"--jobs", "2", "--costs",
                                          s.dir + "/costs.json"};
  std::vector<std::string> dry_args = split;
  dry_args.push_back("--dry-run");
  CliResult dry = run_shard(s, "callgrind", "dry", dry_args);
  EXPECT_NE(dry.out.find("predicted makespan with --jobs 2: 402.0 s in 4 "
                         "worker(s)"),
            std::string::npos)
      << dry.out;
  CliResult two = run_shard(s, "callgrind", "jobs2", split);
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(read_text(s.dir + "/jobs2/results.csv"), expected);
}

// The same for a LibTorch plugin: libtorch_add_loop's cells split over two
// workers count what one worker counts (a shard's worker is such a split
// worker; shards of test plugins merge above).
TEST(ShardCallgrindTorch, LibTorchCellsSplitOverWorkersCountTheSame) {
  if (!TALLY_WITH_TORCH) GTEST_SKIP() << "built without LibTorch";
  Sweep s = make_sweep("shard-torch", R"(
defaults: {iterations: 2}
benchmarks:
  - {name: libtorch_add_loop, params: {n: 4, size: 8, dynamic_size: 12},
     matrix: {backend: [eager, trace, script, jit]}}
)");
  auto run = [&](const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args = {"run",       s.config(),
                                     "--counter", "callgrind",
                                     "--out",     s.dir + "/" + out};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_tally(args);
  };
  ASSERT_EQ(run("whole", {"--jobs", "1"}).exit_code, 0);
  const std::string expected = read_text(s.dir + "/whole/results.csv");
  // The uniform guess splits one plugin's 4 cells over both workers.
  CliResult two = run("jobs2", {"--jobs", "2"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(read_text(s.dir + "/jobs2/results.csv"), expected);
}

}  // namespace shard_merge_test
}  // namespace tally::test

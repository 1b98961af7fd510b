#include "results/shard_merge.hpp"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.hpp"
#include "results/journal.hpp"
#include "results/output_files.hpp"
#include "results/results_files.hpp"
#include "results/run_file.hpp"
#include "results/run_metadata.hpp"
#include "results/run_results.hpp"

namespace tally {
namespace fs = boost::filesystem;
namespace {

struct Shard {
  std::string dir;
  nlohmann::json plan;  // run.json's shard_plan
  std::map<std::string, CellResult> finished;
  nlohmann::json metadata;  // results.json's, null before the shard ended
  std::string run_id;       // run.json's; empty in a shard from before ids
};

// results.json's metadata; null for a shard stopped before it wrote one
// (its journal has its cells).
nlohmann::json read_metadata(const std::string& dir) {
  const std::string path = dir + "/results.json";
  if (!fs::exists(path)) return nullptr;
  const RunResults run = read_run_results(path);
  if (run.metadata.empty())
    throw Error(path + " is damaged (no metadata object); rerun that shard",
                ExitCode::kBadInput);
  return run.metadata;
}

// Whether `plan` has every field merge reads, of the type it reads.
bool shard_plan_is_whole(const nlohmann::json& plan) {
  auto strings = [](const nlohmann::json& list) {
    return list.is_array() &&
           std::all_of(list.begin(), list.end(),
                       [](const nlohmann::json& s) { return s.is_string(); });
  };
  return plan.is_object() &&
         plan.value("index", nlohmann::json()).is_number_integer() &&
         plan.value("count", nlohmann::json()).is_number_integer() &&
         strings(plan.value("owned", nlohmann::json())) &&
         plan.value("skipped", nlohmann::json()).is_array() &&
         plan.value("fingerprint", nlohmann::json()).is_object() &&
         strings(plan.at("fingerprint").value("cells", nlohmann::json()));
}

Shard read_shard(const std::string& dir) {
  if (!fs::is_directory(dir))
    throw Error("cannot merge " + dir + ": no such folder", ExitCode::kIoError);
  Shard shard{dir, read_shard_plan(dir), {}, nullptr, {}};
  if (shard.plan.is_null())
    throw Error(dir +
                    " is not a shard (its run.json has no shard_plan); "
                    "merge only folders written by `tally run --shard`",
                ExitCode::kShardMismatch);
  if (!shard_plan_is_whole(shard.plan))
    throw Error(dir +
                    "/run.json: its shard_plan is damaged (index, count, "
                    "owned, skipped or fingerprint.cells missing or of the "
                    "wrong type); rerun that shard into an empty folder",
                ExitCode::kBadInput);
  shard.finished = read_journal(dir + "/journal.jsonl");
  shard.metadata = read_metadata(dir);
  shard.run_id = read_run_id(dir, "merge");
  return shard;
}

std::string label(const Shard& s) {
  return s.dir + " (shard " + s.plan.at("index").dump() + "/" +
         s.plan.at("count").dump() + ")";
}

// The first fingerprint field in which two shards differ.
void check_same_plan(const Shard& a, const Shard& b) {
  const auto& fa = a.plan.at("fingerprint");
  const auto& fb = b.plan.at("fingerprint");
  std::string field;
  if (a.plan.at("count") != b.plan.at("count")) field = "the shard count";
  for (const auto& [key, value] : fa.items())
    if (field.empty() && (!fb.contains(key) || fb.at(key) != value))
      field = key == "cells" ? "the planned cells" : key;
  if (field.empty() && fa != fb) field = "the fingerprint";
  if (field.empty()) return;
  std::string detail;
  if (fa.contains(field) && fb.contains(field) && fa.at(field).is_string())
    detail = " (" + fa.at(field).get<std::string>() + " vs " +
             fb.at(field).get<std::string>() + ")";
  throw Error(label(b) + " and " + label(a) +
                  " are shards of different plans: " + field + " differs" +
                  detail + "; merge only shards of one sweep",
              ExitCode::kShardMismatch);
}

// Which shard owns each cell; refuses a cell owned twice.
std::map<std::string, size_t> owners(const std::vector<Shard>& shards) {
  std::map<std::string, size_t> owner;
  for (size_t i = 0; i < shards.size(); ++i)
    for (const auto& name : shards[i].plan.at("owned")) {
      auto [it, added] = owner.emplace(name.get<std::string>(), i);
      if (!added)
        throw Error(label(shards[i]) + " and " + label(shards[it->second]) +
                        " overlap: both own cell " + it->first +
                        "; merge each shard once",
                    ExitCode::kShardMismatch);
    }
  return owner;
}

// Names the missing cells and where they should have come from: a shard
// given but unfinished, or one not given at all.
std::string missing_message(const std::vector<std::string>& missing,
                            const std::vector<Shard>& shards,
                            const std::map<std::string, size_t>& owner) {
  std::set<std::string> from;
  bool unowned = false;
  for (const auto& name : missing) {
    auto it = owner.find(name);
    if (it == owner.end())
      unowned = true;
    else
      from.insert(label(shards[it->second]));
  }
  std::string where;
  for (const auto& s : from) where += (where.empty() ? "" : ", ") + s;
  if (unowned)
    where += std::string(where.empty() ? "" : ", ") + "shards not given (" +
             std::to_string(shards.size()) + " of " +
             shards.front().plan.at("count").dump() + " given)";
  std::string list;
  for (size_t i = 0; i < missing.size() && i < 5; ++i)
    list += (i ? ", " : "") + missing[i];
  if (missing.size() > 5)
    list += ", … (" + std::to_string(missing.size() - 5) + " more)";
  return std::to_string(missing.size()) +
         " planned cell(s) have no result: " + list + "; from " + where;
}

// Copies each kept profile a result names (paths relative to its folder).
void copy_profiles(const CellResult& r, const std::string& from,
                   const std::string& to) {
  for (const auto& [metric, stats] : r.metrics) {
    std::vector<std::string> files = stats.all_profiles;
    if (!stats.profile.empty()) files.push_back(stats.profile);
    for (const auto& file : files) {
      const fs::path target = fs::path(to) / file;
      boost::system::error_code ec;
      fs::create_directories(target.parent_path(), ec);
      fs::copy_file(fs::path(from) / file, target,
                    fs::copy_options::overwrite_existing, ec);
      if (ec)
        throw Error("cannot copy profile " + from + "/" + file + " to " +
                        target.string() + ": " + ec.message(),
                    ExitCode::kIoError);
    }
  }
}

// The merged run's id: a hash of its shards' ids, so that merging the same
// shards again gives the same run, in any order, and no shard's id is the
// merge's. A shard from before run ids counts by its folder.
std::string merged_run_id(const std::vector<Shard>& shards) {
  std::vector<std::string> ids;
  for (const auto& s : shards)
    ids.push_back(s.run_id.empty() ? fs::absolute(s.dir).string() : s.run_id);
  std::sort(ids.begin(), ids.end());
  std::string text = "merged shards";
  for (const auto& id : ids) text += "\n" + id;
  return sha256_hex(text).substr(0, 32);  // 128 bits, as new_run_id()'s
}

nlohmann::json merged_metadata(const std::vector<Shard>& shards,
                               const std::vector<std::string>& missing) {
  nlohmann::json merged = nlohmann::json::object();
  nlohmann::json parts = nlohmann::json::array();
  for (const auto& s : shards) {
    nlohmann::json part = {
        {"dir", s.dir},
        {"index", s.plan.at("index")},
        {"run_id",
         s.run_id.empty() ? nlohmann::json() : nlohmann::json(s.run_id)}};
    if (s.metadata.is_object()) {
      if (merged.empty()) merged = s.metadata;
      for (const char* key : {"host", "start_time", "end_time"})
        part[key] = s.metadata.value(key, "");
      const std::string start = s.metadata.value("start_time", "");
      const std::string end = s.metadata.value("end_time", "");
      if (start < merged.value("start_time", "")) merged["start_time"] = start;
      if (end > merged.value("end_time", "")) merged["end_time"] = end;
    }
    parts.push_back(part);
  }
  merged.erase("shard");
  merged["run_id"] = merged_run_id(shards);
  merged["shards"] = parts;
  merged["shard_count"] = shards.front().plan.at("count");
  merged["fingerprint"] = shards.front().plan.at("fingerprint");
  if (!missing.empty()) merged["missing_cells"] = missing;
  return merged;
}

}  // namespace

MergeOutcome merge_shards(const MergeRequest& request) {
  std::vector<Shard> shards;
  for (const auto& dir : request.shard_dirs) {
    shards.push_back(read_shard(dir));
    check_same_plan(shards.front(), shards.back());
  }
  const auto owner = owners(shards);
  MergeOutcome outcome;
  std::vector<CellResult> results;
  std::vector<size_t> from;  // the shard of each result
  for (const auto& name : shards.front().plan.at("fingerprint").at("cells")) {
    const auto it = owner.find(name.get<std::string>());
    const auto* finished =
        it == owner.end() ? nullptr : &shards[it->second].finished;
    auto cell = finished ? finished->find(it->first)
                         : std::map<std::string, CellResult>::const_iterator();
    if (!finished || cell == finished->end()) {
      outcome.missing.push_back(name.get<std::string>());
      continue;
    }
    outcome.not_ok += cell->second.status != CellStatus::kOk;
    results.push_back(cell->second);
    from.push_back(it->second);
  }
  outcome.cells = results.size();
  if (!outcome.missing.empty() && !request.allow_partial)
    throw Error(missing_message(outcome.missing, shards, owner) +
                    "; rerun the shards that own them (`tally run --resume "
                    "DIR`) or pass --allow-partial",
                ExitCode::kMissingResult);
  prepare_results_dir(request.out_dir);
  std::string journal;
  for (size_t i = 0; i < results.size(); ++i) {
    copy_profiles(results[i], shards[from[i]].dir, request.out_dir);
    journal += to_json(results[i]).dump() + "\n";
  }
  for (const auto& skipped : shards.front().plan.at("skipped"))
    results.push_back(cell_result_from_json(skipped));
  write_file_atomically(request.out_dir + "/journal.jsonl", journal);
  write_file_atomically(request.out_dir + "/results.csv", results_csv(results));
  write_file_atomically(
      request.out_dir + "/results.json",
      results_json_text(
          {"", merged_metadata(shards, outcome.missing), std::move(results)}));
  return outcome;
}

}  // namespace tally

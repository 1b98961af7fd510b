#include "results/run_file.hpp"

#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "results/output_files.hpp"
#include "results/run_metadata.hpp"

namespace tally {
namespace {

constexpr char kRunFile[] = "/run.json";

template <typename T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

template <typename T>
std::optional<T> json_optional(const nlohmann::json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<T>();
}

}  // namespace

void write_run_file(const std::string& dir, const RunRequest& r,
                    const std::string& run_id,
                    const nlohmann::json& shard_plan) {
  const nlohmann::json j = {
      {"run_id", run_id},
      {"config_path", boost::filesystem::absolute(r.config_path).string()},
      {"config_sha256", file_sha256(r.config_path)},
      {"plugin_folders", r.plugin_folders},
      {"filter", optional_json(r.filter)},
      {"iterations", optional_json(r.iterations)},
      {"counter", optional_json(r.counter)},
      {"timeout_s", optional_json(r.timeout_s)},
      {"memory_limit_mb", optional_json(r.memory_limit_mb)},
      {"jobs", optional_json(r.jobs)},
      {"history_db", optional_json(r.history_db)},
      {"allow_insecure_plugins", r.allow_insecure_plugins},
      {"probe_timeout_s", optional_json(r.probe_timeout_s)},
      {"profiles", optional_json(r.profiles)},
      {"costs",
       r.costs ? nlohmann::json(boost::filesystem::absolute(*r.costs).string())
               : nlohmann::json(nullptr)},
      {"shard_index", optional_json(r.shard_index)},
      {"shard_count", optional_json(r.shard_count)},
      {"shard_plan", shard_plan},
      {"report", r.report},
      {"verify", r.verify},
      {"out_dir", dir}};
  write_file_atomically(dir + kRunFile, j.dump(2) + "\n");
}

namespace {

// `action` is "resume" or "merge", for the messages.
nlohmann::json parse_run_file(const std::string& dir,
                              const std::string& action) {
  const std::string path = dir + kRunFile;
  std::ifstream in(path);
  if (!in)
    throw Error("cannot " + action + " " + dir + ": it has no run.json (" +
                    std::strerror(errno) +
                    "); only a results folder written by `tally run` can be " +
                    action + "d",
                ExitCode::kIoError);
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object())
    throw Error(path + " is damaged (not a JSON object); cannot " + action,
                ExitCode::kBadInput);
  return j;
}

}  // namespace

nlohmann::json read_shard_plan(const std::string& dir) {
  const auto j = parse_run_file(dir, "merge");
  return j.contains("shard_plan") ? j.at("shard_plan") : nlohmann::json();
}

std::string read_run_id(const std::string& dir, const std::string& action) {
  const auto j = parse_run_file(dir, action);
  const auto it = j.find("run_id");
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

RunRequest read_run_file(const std::string& dir) {
  const std::string path = dir + kRunFile;
  const auto j = parse_run_file(dir, "resume");
  RunRequest r;
  try {
    r.config_path = j.at("config_path").get<std::string>();
    r.plugin_folders = j.at("plugin_folders").get<std::vector<std::string>>();
    r.filter = json_optional<std::string>(j, "filter");
    r.iterations = json_optional<int>(j, "iterations");
    r.counter = json_optional<std::string>(j, "counter");
    r.timeout_s = json_optional<double>(j, "timeout_s");
    r.memory_limit_mb = json_optional<double>(j, "memory_limit_mb");
    r.jobs = json_optional<int>(j, "jobs");
    r.history_db = json_optional<std::string>(j, "history_db");
    r.allow_insecure_plugins = j.at("allow_insecure_plugins").get<bool>();
    r.probe_timeout_s = json_optional<double>(j, "probe_timeout_s");
    r.profiles = json_optional<std::string>(j, "profiles");
    r.costs = json_optional<std::string>(j, "costs");
    r.shard_index = json_optional<int>(j, "shard_index");
    r.shard_count = json_optional<int>(j, "shard_count");
    r.report = j.value("report", false);  // absent in older run.json files
    r.verify = j.value("verify", false);
    if (file_sha256(r.config_path) != j.at("config_sha256").get<std::string>())
      throw Error("cannot resume " + dir + ": " + r.config_path +
                      " changed since the run started, so the plan would "
                      "differ; start a new run instead",
                  ExitCode::kBadConfig);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + " is damaged (" + e.what() + "); cannot resume",
                ExitCode::kBadInput);
  }
  return r;
}

}  // namespace tally

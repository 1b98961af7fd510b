// Facts about a run that make its numbers comparable: versions, counter,
// machine, times, config.
#ifndef TALLY_RESULTS_RUN_METADATA_HPP
#define TALLY_RESULTS_RUN_METADATA_HPP

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace tally {

struct RunMetadata {
  /// new_run_id(): what a history tells runs apart by; kept by --resume.
  std::string run_id;
  std::string tally_version, git_commit, libtorch_version, libtorch_git_hash;
  std::optional<bool> git_dirty;  // tracked files differed from git_commit
  // What counts depend on besides the source: a change of any of these
  // needs a new expected file.
  std::string compiler, libc, valgrind_version, os_release;
  /// ATEN_CPU_CAPABILITY as the cells ran with it (core/cpu_capability.hpp).
  std::string aten_cpu_capability;
  std::string counter, counter_reason;
  std::string cpu, kernel, host;
  std::string start_time, end_time;  // UTC, ISO 8601
  std::string config_path, config_sha256;
  int jobs = 1;
  /// collect_environment(): what else changes counts
  /// (environment_fingerprint.hpp).
  nlohmann::json environment = nlohmann::json::object();
  nlohmann::json extra = nlohmann::json::object();  // e.g. harness overhead
};

/// Versions, machine and start time filled in; counter and config not.
RunMetadata collect_run_metadata();

nlohmann::json to_json(const RunMetadata& metadata);

/// A new random 128-bit id, 32 lowercase hex digits: unique even for runs
/// on one host that start in the same second.
std::string new_run_id();

/// SHA-256 of `bytes`, 64 hex digits.
std::string sha256_hex(const std::string& bytes);

/// Now, UTC, as 2026-11-26T07:50:00Z.
std::string utc_now_iso8601();

/// SHA-256 of a file's bytes, 64 hex digits; throws Error(kIoError) when
/// the file cannot be read, so an unreadable file never matches another.
std::string file_sha256(const std::string& path);

}  // namespace tally

#endif  // TALLY_RESULTS_RUN_METADATA_HPP

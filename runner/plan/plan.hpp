// The plan: every cell a run measures and every matrix point it skips, with
// the reason. Built by expand_matrix from a config and the plugin catalog.
#ifndef TALLY_PLAN_PLAN_HPP
#define TALLY_PLAN_PLAN_HPP

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/counter_kind.hpp"
#include "core/profile_mode.hpp"
#include "discovery/catalog.hpp"
#include "tally/plugin.hpp"

namespace tally {

struct PlannedCell {
  std::string name;  // result name, e.g. basic_InlineMod_trace
  std::string plugin, plugin_path, benchmark;
  std::string python_plugin;  // python.so for a Python benchmark file
  Cell cell;
  int iterations = 5;
  std::string counter_request = "auto";  // as the config or --counter say
  CounterKind counter = CounterKind::kWall;  // resolved before running
  ProfileMode profiles = ProfileMode::kMin;  // kept under callgrind only
  double timeout_s = 600;
  std::optional<double> memory_limit_mb;
  double unstable_spread = 0.10;     // fraction; `unstable_spread` in percent
  std::vector<std::string> regions;  // reported; "total" is work() itself
  SourceLocation where;              // the benchmarks: entry it came from
};

struct SkippedCell {
  std::string name, benchmark, backend, device;
  bool dynamic = false;
  std::string reason;
};

struct Plan {
  std::vector<PlannedCell> cells;
  std::vector<SkippedCell> skipped;
};

/// `<benchmark>_<backend>[_dynamic][_gpu][_<label>]`, PyTorch's convention.
std::string result_name(const std::string& benchmark,
                        const std::string& backend, const std::string& device,
                        bool dynamic, const std::optional<std::string>& label);

/// Expands the matrix over the catalog; throws ConfigError (file:line:col)
/// for names matching nothing, bad parameters and clashing result names.
Plan expand_matrix(const Config& config, const Catalog& catalog);

}  // namespace tally

#endif  // TALLY_PLAN_PLAN_HPP

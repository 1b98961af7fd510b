// The matrix file (configs/*.yaml) as parsed, before it meets any plugin.
#ifndef TALLY_CONFIG_CONFIG_HPP
#define TALLY_CONFIG_CONFIG_HPP

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "tally/plugin.hpp"

namespace tally {

/// Keys allowed under `defaults:` and in every benchmark entry.
struct Settings {
  std::optional<int> iterations;       // >= 1
  std::optional<std::string> counter;  // auto | perf | callgrind | wall
  std::optional<double> timeout_s;     // `timeout`, seconds, > 0
  std::optional<int> threads;          // >= 1
  std::optional<std::vector<std::string>>
      regions;                            // e.g. [total, compile_time]
  std::optional<double> memory_limit_mb;  // `memory_limit`, per worker, > 0
  std::optional<std::string> profiles;    // none | min | all (callgrind)
  std::optional<double> unstable_spread_pct;  // > 0, percent

  /// Fields set in `over` replace those here.
  Settings merged_with(const Settings& over) const;
};

/// The `matrix:` axes; an unset axis means "what the benchmark supports"
/// for backend, [cpu] for device and [false] for dynamic.
struct Axes {
  std::optional<std::vector<std::string>> backend;
  std::optional<std::vector<std::string>> device;
  std::optional<std::vector<bool>> dynamic;
};

/// One YAML parameter value with where it was written.
struct ParamEntry {
  ParamValue value;
  SourceLocation where;
};

/// One item of `benchmarks:`.
struct BenchmarkEntry {
  std::string pattern;   // a benchmark name or a glob
  SourceLocation where;  // of the entry's `name:` value
  std::map<std::string, ParamEntry> params;
  SourceLocation params_where;
  Axes matrix;  // axes set here replace the top-level ones
  Settings settings;
  std::optional<std::string> label;  // appended to the result name
};

/// One item of `exclude:`; unset fields match anything.
struct ExcludeRule {
  std::optional<std::string> name;  // a benchmark name or glob
  std::optional<std::string> backend;
  std::optional<std::string> device;
  std::optional<bool> dynamic;
  SourceLocation where;
};

struct Config {
  std::string path;
  Settings defaults;
  Axes matrix;
  std::vector<BenchmarkEntry> benchmarks;
  std::vector<ExcludeRule> excludes;
};

/// Parses a matrix file; throws ConfigError naming file:line:column.
Config load_config(const std::string& path);
/// Parses matrix text; `path` is only used in messages.
Config parse_config(const std::string& text, const std::string& path);

}  // namespace tally

#endif  // TALLY_CONFIG_CONFIG_HPP

// `tally explain`: where a count went between two runs, from the callgrind
// profiles kept with their results. Per cell and metric, the change of the
// total and, per function (or component, or object), its self and
// inclusive cost on both sides.
#ifndef TALLY_EXPLAIN_EXPLAIN_HPP
#define TALLY_EXPLAIN_EXPLAIN_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "explain/explain_components.hpp"
#include "explain/explain_inputs.hpp"
#include "profile/profile.hpp"

namespace tally::explain {

enum class ExplainBy { kFunction, kComponent, kObject };

/// One function (or component, or object) on both sides, in the first event
/// of the profiles (Ir: instructions). Self is what its own instructions
/// cost. Inclusive adds what its calls to other entries cost: a function
/// called by itself counts once, as callgrind_annotate --inclusive=yes
/// counts it, but cycles through several entries (f -> g -> f) count twice,
/// as there. A component's inclusive leaves out calls within the component.
struct ExplainEntry {
  std::string function;   // normalised name; empty by component or object
  std::string component;  // empty by object when its functions have several
  std::string object;     // file name; empty by component when several
  std::int64_t base_self = 0, new_self = 0;
  std::int64_t base_inclusive = 0, new_inclusive = 0;
  bool in_base = false, in_new = false;  // false: added, or removed

  std::int64_t delta_self() const { return new_self - base_self; }
  std::int64_t delta_inclusive() const {
    return new_inclusive - base_inclusive;
  }
};

struct CellExplanation {
  std::string name;
  std::string metric;
  std::int64_t base = 0, now = 0;  // the profiles' totals
  /// By |delta_self| descending; the delta_self of all entries (before any
  /// top N cut) add up to delta() exactly.
  std::vector<ExplainEntry> entries;
  std::size_t more = 0;              // entries cut by the top N
  std::int64_t more_delta_self = 0;  // their delta_self together

  std::int64_t delta() const { return now - base; }
};

struct ExplainOptions {
  ExplainBy by = ExplainBy::kFunction;
  ComponentRules components;
  std::size_t top = 20;  // entries kept per cell; 0 keeps all
};

/// Functions are matched across the two profiles by object file name and
/// normalise_function_name(); one present on one side only is added or
/// removed. Entries are cut to `options.top`.
CellExplanation explain_profiles(const profile::Profile& base,
                                 const profile::Profile& now,
                                 const ExplainOptions& options);

/// The same, streamed from the two profile files of `pair` without
/// building either in memory; each is checked to be the pair's cell and
/// metric (see stream_cell_profile()).
CellExplanation explain_profile_files(const ProfilePair& pair,
                                      const ExplainOptions& options);

struct ExplainRequest {
  std::string filter;  // a regular expression on cell names; empty: all
  std::string metric;  // only this metric; empty: all
  ExplainOptions options;
};

/// Every cell and metric with a profile in both results folders, in the
/// order of BASE's results.json. Throws tally::Error naming the file:
/// kIoError for a missing folder, results.json or profile; kBadInput for a
/// malformed results.json or profile, or a profile of another cell;
/// kNoProfiles for a run without profiles, runs of different counters or
/// no profiled cell and metric in common.
std::vector<CellExplanation> explain_runs(const std::string& base_dir,
                                          const std::string& new_dir,
                                          const ExplainRequest& request);

/// The `n` functions (all when n <= 0) whose self cost changed most in
/// `cell`'s `metric` between two results folders, for check and compare to
/// print under a row. Throws as explain_runs(), and kNoProfiles when either
/// run has no profile of that cell and metric.
std::vector<ExplainEntry> top_functions(const std::string& base_dir,
                                        const std::string& new_dir,
                                        const std::string& cell,
                                        const std::string& metric, int n);

}  // namespace tally::explain

#endif  // TALLY_EXPLAIN_EXPLAIN_HPP

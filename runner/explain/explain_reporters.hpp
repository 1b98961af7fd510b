// The three renderings of `tally explain`: console (aligned tables),
// markdown (one collapsible section per cell, for a PR comment) and JSON
// (the stable shape docs/ci-recipes.md documents).
#ifndef TALLY_EXPLAIN_EXPLAIN_REPORTERS_HPP
#define TALLY_EXPLAIN_EXPLAIN_REPORTERS_HPP

#include <ostream>
#include <string>
#include <vector>

#include "core/reporter.hpp"
#include "explain/explain.hpp"

namespace tally::explain {

struct ExplainReport {
  std::string base_dir, new_dir;
  ExplainBy by = ExplainBy::kFunction;
  std::vector<CellExplanation> cells;
};

/// `console`, `markdown` and `json`, in that order; `tally explain
/// --format` picks one by name. The JSON is
/// {"cells":[{"name","metric","base","new","delta","entries":[{"function",
/// "component","object","base_self","new_self","delta_self",
/// "base_inclusive","new_inclusive","delta_inclusive"}]}]}
const Reporters<ExplainReport>& reporters();

}  // namespace tally::explain

#endif  // TALLY_EXPLAIN_EXPLAIN_REPORTERS_HPP

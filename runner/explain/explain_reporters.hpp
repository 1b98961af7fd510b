// The three renderings of `tally explain`: console (aligned tables),
// markdown (one collapsible section per cell, for a PR comment) and JSON
// (the stable shape docs/ci-recipes.md documents).
#ifndef TALLY_EXPLAIN_EXPLAIN_REPORTERS_HPP
#define TALLY_EXPLAIN_EXPLAIN_REPORTERS_HPP

#include <ostream>
#include <string>
#include <vector>

#include "explain/explain.hpp"

namespace tally::explain {

struct ExplainReport {
  std::string base_dir, new_dir;
  ExplainBy by = ExplainBy::kFunction;
  std::vector<CellExplanation> cells;
};

void print_explain_console(std::ostream& out, const ExplainReport& report);
void print_explain_markdown(std::ostream& out, const ExplainReport& report);
/// {"cells":[{"name","metric","base","new","delta","entries":[{"function",
/// "component","object","base_self","new_self","delta_self",
/// "base_inclusive","new_inclusive","delta_inclusive"}]}]}
void print_explain_json(std::ostream& out, const ExplainReport& report);

}  // namespace tally::explain

#endif  // TALLY_EXPLAIN_EXPLAIN_REPORTERS_HPP

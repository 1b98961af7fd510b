// The compare page's explanations: for each changed cell and metric whose
// profiles both runs kept, its top functions and components (as `tally
// explain` computes them) and its differential flamegraph, inline.
#ifndef TALLY_REPORT_EXPLAIN_SECTIONS_HPP
#define TALLY_REPORT_EXPLAIN_SECTIONS_HPP

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace tally::report {

struct ExplainSections {
  /// (cell, metric) -> id of its section in the page.
  std::map<std::pair<std::string, std::string>, std::string> anchors;
  std::string html;  // the sections, or a notice of why there are none
};

/// Explains `changed` (cell, metric) rows, at most `limit` of them (each
/// reads two profiles twice), between the results folders `base_dir` and
/// `new_dir`. Runs without profiles (wall, perf, another counter) give a
/// notice instead; a damaged profile gives that row a note, never a throw,
/// since the comparison above it stands on its own.
ExplainSections explain_sections(
    const std::string& base_dir, const std::string& new_dir,
    const std::vector<std::pair<std::string, std::string>>& changed,
    std::size_t limit);

}  // namespace tally::report

#endif  // TALLY_REPORT_EXPLAIN_SECTIONS_HPP

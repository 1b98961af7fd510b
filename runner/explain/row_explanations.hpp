// Under a gate's or a comparison's changed rows, where each change went:
// the top functions of that cell's explain against a baseline run.
#ifndef TALLY_EXPLAIN_ROW_EXPLANATIONS_HPP
#define TALLY_EXPLAIN_ROW_EXPLANATIONS_HPP

#include <ostream>
#include <string>
#include <vector>

namespace tally::explain {

struct ChangedRow {
  std::string verdict;  // e.g. "REGRESSION"
  std::string name, metric;
  std::string change;  // e.g. "+1.2%"
};

/// The results folder a results path names: the folder itself, or the one
/// holding a results.json.
std::string results_folder(const std::string& path);

/// For each row, its line and the `top` functions whose self cost changed
/// most from `base_dir` to `new_dir`. A row that cannot be explained (no
/// profiles, another counter) says why instead: the gate's verdict stands
/// either way. `markdown` writes a list ready for a PR comment.
void print_row_explanations(std::ostream& out,
                            const std::vector<ChangedRow>& rows,
                            const std::string& base_dir,
                            const std::string& new_dir, int top,
                            bool markdown = false);

}  // namespace tally::explain

#endif  // TALLY_EXPLAIN_ROW_EXPLANATIONS_HPP

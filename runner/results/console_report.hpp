// What a person sees: progress lines while a run goes, and a summary table
// at the end.
#ifndef TALLY_RESULTS_CONSOLE_REPORT_HPP
#define TALLY_RESULTS_CONSOLE_REPORT_HPP

#include <ostream>
#include <string>
#include <vector>

#include "results/cell_result.hpp"

namespace tally {

/// "[ 3/12] basic_InlineMod_trace  ok  2.1 s  (elapsed 0:41)"
std::string progress_line(size_t done, size_t total, const CellResult& result,
                          double run_elapsed_s);

/// One row per metric of each ok cell, one row per other cell with its reason.
/// Then print_unstable's warnings.
void print_summary(std::ostream& out, const std::vector<CellResult>& results);

/// A warning per metric whose spread passes its cell's unstable_spread.
void print_unstable(std::ostream& out, const std::vector<CellResult>& results);

}  // namespace tally

#endif  // TALLY_RESULTS_CONSOLE_REPORT_HPP

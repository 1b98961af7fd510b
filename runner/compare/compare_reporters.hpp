// The three renderings of a Comparison: console (aligned table), markdown
// (ready to paste into a PR comment) and JSON (for tools).
#ifndef TALLY_COMPARE_COMPARE_REPORTERS_HPP
#define TALLY_COMPARE_COMPARE_REPORTERS_HPP

#include <ostream>

#include "compare/compare.hpp"

namespace tally::compare {

void print_compare_console(std::ostream& out, const Comparison& c);
void print_compare_markdown(std::ostream& out, const Comparison& c);
void print_compare_json(std::ostream& out, const Comparison& c);

}  // namespace tally::compare

#endif  // TALLY_COMPARE_COMPARE_REPORTERS_HPP

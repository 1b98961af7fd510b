// The three renderings of a Comparison: console (aligned table), markdown
// (ready to paste into a PR comment) and JSON (for tools).
#ifndef TALLY_COMPARE_COMPARE_REPORTERS_HPP
#define TALLY_COMPARE_COMPARE_REPORTERS_HPP

#include <ostream>

#include "compare/compare.hpp"
#include "core/reporter.hpp"

namespace tally::compare {

/// `console`, `markdown` and `json`, in that order; `tally compare
/// --format` picks one by name.
const Reporters<Comparison>& reporters();

}  // namespace tally::compare

#endif  // TALLY_COMPARE_COMPARE_REPORTERS_HPP

// A differential flamegraph of two callgrind profiles of one cell (base and
// new), as one standalone SVG that a browser opens: `tally explain
// --flamegraph OUT.svg`.
//
// How it is drawn. An icicle: the root ("all", the profile's total) is the
// top row and callees hang below their callers, because LibTorch stacks are
// a hundred frames deep and a browser opens a page at its top. A box's width
// is its inclusive cost along its path in the new profile (the base's with
// Width::kBase, to see code that shrank or went away: a function absent from
// the new profile has no width there). Its colour is the change of that cost,
// new - base: red where it grew, blue where it shrank, grey where it is the
// same, deeper for a larger change. Hovering shows the function, its object,
// base, new, delta and its share of the total change.
//
// Limits. callgrind records caller -> callee pairs with their inclusive cost,
// not whole stacks, so the tree is rebuilt from the pairs: below the root
// come the functions nobody else calls (else the costliest one); below a box
// for f, each callee g of f gets the cost of the pair f -> g times the share
// of f's inclusive cost that the path to this box carries. When f is called
// from several places its callees are split in proportion to those callers,
// which mis-attributes when they call f for different work. A function's
// inclusive cost is its self cost plus its calls to other functions, as in
// `tally explain`; through a cycle (f -> g -> f) that counts some cost twice,
// so the boxes below a cycle come out narrower than they should. A function
// already on the path is drawn but not expanded again (recursion), calls to
// itself are left out, and boxes narrower than min_box_width are not drawn;
// the legend says so. Functions are matched across the two profiles by
// match_key.
#ifndef TALLY_EXPLAIN_FLAMEGRAPH_HPP
#define TALLY_EXPLAIN_FLAMEGRAPH_HPP

#include <functional>
#include <ostream>
#include <string>

#include "profile/profile.hpp"

namespace tally::explain {

struct FlamegraphOptions {
  /// Whose inclusive costs set the widths.
  enum class Width { kNew, kBase };
  Width width = Width::kNew;
  double image_width = 1200;   // px
  double min_box_width = 0.5;  // px: narrower boxes are not drawn
  int max_depth = 256;         // rows below the root (>= 1); deeper: cut
  /// The identity of a function in both profiles. Empty: its name and the
  /// file name of its object. `tally explain` passes its normalised name so
  /// that clones and addresses match across builds.
  std::function<std::string(const profile::FunctionKey&)> match_key;
};

/// Writes a differential flamegraph of `base` -> `next` (same events; event 0
/// is drawn) as a standalone SVG. Throws tally::Error(kBadInput) when their
/// first events differ.
void write_diff_flamegraph(const profile::Profile& base,
                           const profile::Profile& next,
                           const std::string& title, std::ostream& out,
                           const FlamegraphOptions& options = {});

}  // namespace tally::explain

#endif  // TALLY_EXPLAIN_FLAMEGRAPH_HPP

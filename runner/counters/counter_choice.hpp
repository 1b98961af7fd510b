// Picks the counter for a run: what was asked for, checked to work here,
// or for `auto` the best that works, with the reason.
#ifndef TALLY_COUNTERS_COUNTER_CHOICE_HPP
#define TALLY_COUNTERS_COUNTER_CHOICE_HPP

#include <optional>
#include <string>

#include "core/counter_kind.hpp"

namespace tally {

struct CounterChoice {
  CounterKind counter = CounterKind::kWall;
  std::string reason;   // why this one, for the console and results.json
};

/// Resolves `requested` (auto | perf | callgrind | wall); throws tally::Error
/// (kNoCounter) when an explicitly requested counter cannot work here.
CounterChoice choose_counter(const std::string& requested);

/// valgrind's path ($TALLY_VALGRIND, else found on $PATH), if installed.
std::optional<std::string> find_valgrind();

/// What `valgrind --version` prints ("valgrind-3.19.0"); empty if it cannot
/// be run.
std::string valgrind_version();

}  // namespace tally

#endif  // TALLY_COUNTERS_COUNTER_CHOICE_HPP

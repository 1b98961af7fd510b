// "Did you mean ...?" suggestions for misspelt keys and values.
#ifndef TALLY_CORE_DID_YOU_MEAN_HPP
#define TALLY_CORE_DID_YOU_MEAN_HPP

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

/// Edit distance (insertions, deletions, substitutions and swaps of adjacent
/// characters), ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a plausible
/// typo (about one edit per three characters); the first one wins a tie.
std::optional<std::string> did_you_mean(
    std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tally

#endif  // TALLY_CORE_DID_YOU_MEAN_HPP

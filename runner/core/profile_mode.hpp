// Which callgrind profiles a run keeps with its results: none, the one of
// each metric's reported (minimum) sample, or one per iteration.
#ifndef TALLY_CORE_PROFILE_MODE_HPP
#define TALLY_CORE_PROFILE_MODE_HPP

#include <optional>
#include <string_view>

namespace tally {

enum class ProfileMode { kNone, kMin, kAll };

/// "none", "min" or "all".
const char* to_string(ProfileMode mode);
/// The mode named `word`; nullopt for anything else.
std::optional<ProfileMode> parse_profile_mode(std::string_view word);

}  // namespace tally

#endif  // TALLY_CORE_PROFILE_MODE_HPP

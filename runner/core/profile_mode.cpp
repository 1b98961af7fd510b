#include "core/profile_mode.hpp"

namespace tally {

const char* to_string(ProfileMode mode) {
  switch (mode) {
    case ProfileMode::kNone:
      return "none";
    case ProfileMode::kMin:
      return "min";
    case ProfileMode::kAll:
      return "all";
  }
  return "min";
}

std::optional<ProfileMode> parse_profile_mode(std::string_view word) {
  for (auto mode : {ProfileMode::kNone, ProfileMode::kMin, ProfileMode::kAll})
    if (word == to_string(mode)) return mode;
  return std::nullopt;
}

}  // namespace tally

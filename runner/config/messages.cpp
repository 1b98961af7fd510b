#include "config/messages.hpp"

#include <algorithm>
#include <cstdio>

#include "core/did_you_mean.hpp"
#include "core/text.hpp"

namespace tally::config_detail {

std::string show(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > kMax) out += "...";
  return out + "'";
}

std::string hint_for(std::string_view word,
                     const std::vector<std::string>& candidates) {
  // Closest by spelling would be 'cpu', which is not what a GPU user means.
  if ((word == "gpu" || word == "GPU") &&
      std::find(candidates.begin(), candidates.end(), "cuda") !=
          candidates.end())
    return "; did you mean 'cuda'?";
  if (auto best = did_you_mean(word, candidates))
    return "; did you mean '" + *best + "'?";
  return "; expected " + one_of(candidates);
}

}  // namespace tally::config_detail

// Wording shared by the matrix-file loader's messages.
#ifndef TALLY_CONFIG_MESSAGES_HPP
#define TALLY_CONFIG_MESSAGES_HPP

#include <string>
#include <string_view>
#include <vector>

namespace tally::config_detail {

/// User text quoted for a message: short, and without raw control bytes.
std::string show(std::string_view text);

/// "; did you mean 'x'?" when a candidate is close, else what is allowed.
std::string hint_for(std::string_view word,
                     const std::vector<std::string>& candidates);

}  // namespace tally::config_detail

#endif  // TALLY_CONFIG_MESSAGES_HPP

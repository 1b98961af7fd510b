// The first gate for untrusted matrix text: its size, and bytes that are
// UTF-8 text without control characters, before any YAML parsing.
#ifndef TALLY_CONFIG_TEXT_CHECK_HPP
#define TALLY_CONFIG_TEXT_CHECK_HPP

#include <cstdint>
#include <string>

namespace tally::config_detail {

inline constexpr std::uintmax_t kMaxFileBytes = 16u << 20;

/// Throws ConfigError: the file is over kMaxFileBytes.
[[noreturn]] void too_large(const std::string& path);

/// Throws ConfigError at the line and column of the first control character
/// or invalid UTF-8 sequence, or when the text is over kMaxFileBytes.
void check_text(const std::string& text, const std::string& path);

}  // namespace tally::config_detail

#endif  // TALLY_CONFIG_TEXT_CHECK_HPP

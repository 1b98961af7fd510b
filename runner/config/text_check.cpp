#include "config/text_check.hpp"

#include <cstdio>

#include "config/messages.hpp"
#include "core/error.hpp"

namespace tally::config_detail {
namespace {

// The length of the valid UTF-8 sequence starting with the non-ASCII byte
// at `i`, or 0 when it is not one.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const std::size_t length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
  bool valid =
      length != 0 && c >= 0xc2 && c <= 0xf4 && i + length <= text.size();
  for (std::size_t k = 1; valid && k < length; ++k)
    valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
  if (valid && length >= 3) {
    // Reject overlong forms, UTF-16 surrogates and code points past
    // U+10FFFF.
    const auto c1 = static_cast<unsigned char>(text[i + 1]);
    valid = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0) &&
            !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
  }
  return valid ? length : 0;
}

[[noreturn]] void control_character(const std::string& text, std::size_t i,
                                    const SourceLocation& where) {
  throw ConfigError(where,
                    "control character " + show(text.substr(i, 1)) +
                        " is not allowed in YAML text; is this a binary or "
                        "UTF-16 file? The matrix file must be UTF-8 text");
}

[[noreturn]] void invalid_utf8(unsigned char c, const SourceLocation& where) {
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02x", c);
  throw ConfigError(where, std::string("byte ") + byte +
                               " is not valid UTF-8; save the matrix file "
                               "as UTF-8 text");
}

}  // namespace

void too_large(const std::string& path) {
  throw ConfigError({path},
                    "the matrix file is larger than the limit of 16 MiB; a "
                    "matrix file is small: is this the right file?");
}

void check_text(const std::string& text, const std::string& path) {
  if (text.size() > kMaxFileBytes) too_large(path);
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
        control_character(text, i, {path, line, column});
    } else if ((length = utf8_length(text, i)) == 0) {
      invalid_utf8(c, {path, line, column});
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
}

}  // namespace tally::config_detail

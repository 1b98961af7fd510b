// Plain (unquoted, untagged) YAML scalars resolved by the YAML 1.2 core
// schema, which yaml-cpp leaves to its caller.
#ifndef TALLY_CONFIG_SCALAR_HPP
#define TALLY_CONFIG_SCALAR_HPP

#include <cstdint>
#include <string>

namespace tally::config_detail {

/// A YAML scalar resolved by the core schema: quoted text stays a string.
struct Scalar {
  enum class Type { kBool, kInt, kFloat, kString } type = Type::kString;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0;
  std::string text;
  bool int_overflow = false;  // integer syntax beyond 64 bits
};

/// true/false in three spellings, decimal, 0x and 0o integers, decimal
/// floats and .inf/.nan; anything else is a string.
Scalar resolve_plain(const std::string& text);

}  // namespace tally::config_detail

#endif  // TALLY_CONFIG_SCALAR_HPP

// Errors inside the runner are exceptions; the CLI boundary (main.cpp) turns
// each into one line and its exit code.
#ifndef TALLY_CORE_ERROR_HPP
#define TALLY_CORE_ERROR_HPP

#include <stdexcept>
#include <string>

#include "core/exit_code.hpp"

namespace tally {

/// A position in a user's file, printed as file:line:column.
struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
  std::string str() const {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    if (column > 0) s += ":" + std::to_string(column);
    return s;
  }
};

/// Anything that should stop the command with a message and an exit code.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, ExitCode code = ExitCode::kUsage)
      : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

/// A malformed input file, as "WHERE: what is wrong" (WHERE names the file
/// and the place in it).
inline Error bad_input(const std::string& where, const std::string& message) {
  return Error(where + ": " + message, ExitCode::kBadInput);
}

/// A malformed matrix file; the message starts with file:line:column.
class ConfigError : public Error {
 public:
  ConfigError(const SourceLocation& where, const std::string& message)
      : Error(where.str() + ": " + message, ExitCode::kBadConfig),
        where_(where) {}
  const SourceLocation& where() const { return where_; }

 private:
  SourceLocation where_;
};

}  // namespace tally

#endif  // TALLY_CORE_ERROR_HPP

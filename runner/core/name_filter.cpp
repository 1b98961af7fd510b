#include "core/name_filter.hpp"

#include "core/error.hpp"

namespace tally {

NameFilter::NameFilter(const std::string& pattern) {
  try {
    re_ = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw Error("--filter '" + pattern +
                    "' is not a valid regular expression: " + e.what(),
                ExitCode::kUsage);
  }
}

}  // namespace tally

// --filter REGEX, as `tally run` and `tally check` read it: a regular
// expression searched for anywhere in a result name.
#ifndef TALLY_CORE_NAME_FILTER_HPP
#define TALLY_CORE_NAME_FILTER_HPP

#include <regex>
#include <string>

namespace tally {

class NameFilter {
 public:
  /// Throws tally::Error (usage) naming the pattern when it is not valid.
  explicit NameFilter(const std::string& pattern);
  bool matches(const std::string& name) const {
    return std::regex_search(name, re_);
  }

 private:
  std::regex re_;
};

}  // namespace tally

#endif  // TALLY_CORE_NAME_FILTER_HPP

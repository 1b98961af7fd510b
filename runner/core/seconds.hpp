// Seconds as messages print them: "2 s", "1.5 s".
#ifndef TALLY_CORE_SECONDS_HPP
#define TALLY_CORE_SECONDS_HPP

#include <string>

namespace tally {

inline std::string format_seconds(double s) {
  std::string text = std::to_string(s);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text + " s";
}

}  // namespace tally

#endif  // TALLY_CORE_SECONDS_HPP

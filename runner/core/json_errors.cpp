#include "core/json_errors.hpp"

#include "core/error.hpp"

namespace tally {

std::string json_error_text(const std::string& text, const std::exception& e) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return "the file is empty";
  std::string what = e.what();
  if (what.rfind("[json.exception.", 0) == 0) {
    const auto close = what.find("] ");
    if (close != std::string::npos) what.erase(0, close + 2);
  }
  return "not valid JSON: " + what;
}

nlohmann::json parse_json_text(const std::string& text,
                               const std::string& path) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": " + json_error_text(text, e), ExitCode::kBadInput);
  }
}

}  // namespace tally

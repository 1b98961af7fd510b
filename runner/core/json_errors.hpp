// Why a file is not JSON, in words for a one-line message: "the file is
// empty", or nlohmann's parse error without its "[json.exception...]" tag;
// and a parse that throws with that line.
#ifndef TALLY_CORE_JSON_ERRORS_HPP
#define TALLY_CORE_JSON_ERRORS_HPP

#include <exception>
#include <nlohmann/json.hpp>
#include <string>

namespace tally {

std::string json_error_text(const std::string& text, const std::exception& e);

/// `text` parsed as JSON; throws Error(kBadInput) "PATH: " and
/// json_error_text when it is not JSON.
nlohmann::json parse_json_text(const std::string& text,
                               const std::string& path);

}  // namespace tally

#endif  // TALLY_CORE_JSON_ERRORS_HPP

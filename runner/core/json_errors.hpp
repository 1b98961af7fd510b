// Why a file is not JSON, in words for a one-line message: "the file is
// empty", or nlohmann's parse error without its "[json.exception...]" tag.
#ifndef TALLY_CORE_JSON_ERRORS_HPP
#define TALLY_CORE_JSON_ERRORS_HPP

#include <exception>
#include <string>

namespace tally {

std::string json_error_text(const std::string& text, const std::exception& e);

}  // namespace tally

#endif  // TALLY_CORE_JSON_ERRORS_HPP

// Parameter values (the SDK's ParamValue) as JSON and as text, for the
// worker protocol, results files and console output alike.
#ifndef TALLY_CORE_PARAM_JSON_HPP
#define TALLY_CORE_PARAM_JSON_HPP

#include <nlohmann/json.hpp>
#include <string>

#include "tally/plugin.hpp"

namespace tally {

nlohmann::json to_json(const ParamValue& value);
/// Rejects (returns false) JSON that is not a bool, integer, float or string.
bool from_json(const nlohmann::json& json, ParamValue& value);
/// "boolean", "integer", "number" or "string".
std::string param_type_name(const ParamValue& value);
/// Strings as they are, other values as JSON.
std::string param_to_string(const ParamValue& value);

}  // namespace tally

#endif  // TALLY_CORE_PARAM_JSON_HPP

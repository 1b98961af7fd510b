#include "core/param_json.hpp"

namespace tally {

using nlohmann::json;

json to_json(const ParamValue& value) {
  return std::visit([](const auto& v) { return json(v); }, value);
}

bool from_json(const json& j, ParamValue& value) {
  if (j.is_boolean())
    value = j.get<bool>();
  else if (j.is_number_integer())
    value = j.get<std::int64_t>();
  else if (j.is_number_float())
    value = j.get<double>();
  else if (j.is_string())
    value = j.get<std::string>();
  else
    return false;
  return true;
}

std::string param_type_name(const ParamValue& value) {
  static const char* names[] = {"boolean", "integer", "number", "string"};
  return names[value.index()];
}

std::string param_to_string(const ParamValue& value) {
  if (auto* s = std::get_if<std::string>(&value)) return *s;
  return to_json(value).dump();
}

}  // namespace tally

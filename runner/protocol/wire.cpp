#include "protocol/wire.hpp"

#include <limits>

namespace tally {

using nlohmann::json;

ProtocolError::ProtocolError(std::string path, std::string problem)
    : std::runtime_error(path.empty() ? problem
                                      : "field '" + path + "': " + problem),
      path_(std::move(path)),
      problem_(std::move(problem)) {}

ProtocolError ProtocolError::within(const std::string& outer) const {
  std::string path = outer;
  if (!path_.empty()) path += (path_[0] == '[' ? "" : ".") + path_;
  return ProtocolError(path, problem_);
}

std::string json_kind(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
      return "integer";
    case json::value_t::number_unsigned:
      return "unsigned integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "binary";
  }
}

namespace {

[[noreturn]] void wrong(const char* expected, const json& j) {
  throw ProtocolError("", std::string("expected ") + expected + ", got " +
                              json_kind(j) + " " + j.dump().substr(0, 40));
}

}  // namespace

void decode(const json& j, bool& out) {
  if (!j.is_boolean()) wrong("a boolean", j);
  out = j.get<bool>();
}

void decode(const json& j, std::int64_t& out) {
  if (j.is_number_unsigned() &&
      j.get<std::uint64_t>() >
          static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    wrong("a 64-bit integer", j);
  if (!j.is_number_integer()) wrong("an integer", j);
  out = j.get<std::int64_t>();
}

void decode(const json& j, int& out) {
  std::int64_t wide = 0;
  decode(j, wide);
  if (wide < std::numeric_limits<int>::min() ||
      wide > std::numeric_limits<int>::max())
    wrong("a 32-bit integer", j);
  out = static_cast<int>(wide);
}

void decode(const json& j, std::uint64_t& out) {
  if (!j.is_number_unsigned()) wrong("an unsigned integer", j);
  out = j.get<std::uint64_t>();
}

void decode(const json& j, double& out) {
  if (!j.is_number()) wrong("a number", j);
  out = j.get<double>();
}

void decode(const json& j, std::string& out) {
  if (!j.is_string()) wrong("a string", j);
  out = j.get<std::string>();
}

void require_object(const json& j) {
  if (!j.is_object()) wrong("an object", j);
}

}  // namespace tally

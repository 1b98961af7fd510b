// Strict reading of the JSON the worker and the host exchange: every field
// is checked for presence and type, and an error names the field's path
// (e.g. "samples.total[2]"), so a bad line from a broken or hostile worker
// becomes one clear message instead of a crash or a silently wrong value.
#ifndef TALLY_PROTOCOL_WIRE_HPP
#define TALLY_PROTOCOL_WIRE_HPP

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace tally {

/// A message that does not follow the protocol; `path` is the field.
class ProtocolError : public std::runtime_error {
 public:
  ProtocolError(std::string path, std::string problem);
  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }
  /// The same error, seen from the object that holds `outer`.
  ProtocolError within(const std::string& outer) const;

 private:
  std::string path_, problem_;
};

/// "string", "array", "unsigned integer", … of `j`, for messages.
std::string json_kind(const nlohmann::json& j);

void decode(const nlohmann::json& j, bool& out);
void decode(const nlohmann::json& j, int& out);
void decode(const nlohmann::json& j, std::int64_t& out);
void decode(const nlohmann::json& j, std::uint64_t& out);
void decode(const nlohmann::json& j, double& out);
void decode(const nlohmann::json& j, std::string& out);
/// Throws unless `j` is an object.
void require_object(const nlohmann::json& j);

template <typename T>
void decode(const nlohmann::json& j, std::vector<T>& out);
template <typename T>
void decode(const nlohmann::json& j, std::map<std::string, T>& out);

/// Reads the member `name` of the object `j` into `out`.
template <typename T>
void decode_field(const nlohmann::json& j, const char* name, T& out) {
  auto it = j.find(name);
  if (it == j.end()) throw ProtocolError(name, "missing");
  try {
    decode(*it, out);
  } catch (const ProtocolError& e) {
    throw e.within(name);
  }
}

template <typename T>
void decode(const nlohmann::json& j, std::vector<T>& out) {
  if (!j.is_array())
    throw ProtocolError("", "expected an array, got " + json_kind(j));
  out.clear();
  out.resize(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    try {
      decode(j[i], out[i]);
    } catch (const ProtocolError& e) {
      throw e.within("[" + std::to_string(i) + "]");
    }
  }
}

template <typename T>
void decode(const nlohmann::json& j, std::map<std::string, T>& out) {
  require_object(j);
  out.clear();
  for (const auto& [key, value] : j.items()) {
    try {
      decode(value, out[key]);
    } catch (const ProtocolError& e) {
      throw e.within(key);
    }
  }
}

}  // namespace tally

#endif  // TALLY_PROTOCOL_WIRE_HPP

#include "config/node_reader.hpp"

#include <cmath>
#include <map>

#include "core/name_rules.hpp"
#include "core/text.hpp"

namespace tally::config_detail {
namespace {

// Counts values as the walk sees them, aliases included: a small file can
// repeat one large entry through aliases many times over.
constexpr std::size_t kMaxValues = 1'000'000;

}  // namespace

std::string describe(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  if (!node.IsScalar()) return "nothing (an empty value)";
  if (node.Tag() != "?") return "string " + show(node.Scalar());
  const Scalar s = resolve_plain(node.Scalar());
  switch (s.type) {
    case Scalar::Type::kBool:
      return std::string("boolean ") + (s.boolean ? "true" : "false");
    case Scalar::Type::kInt:
      return "integer " + show(s.text);
    case Scalar::Type::kFloat:
      return "number " + show(s.text);
    default:
      return "string " + show(s.text);
  }
}

SourceLocation NodeReader::at(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.line < 0) return {path_, 1, 1};
  return {path_, mark.line + 1, mark.column + 1};
}

void NodeReader::fail(const YAML::Mark& mark,
                      const std::string& message) const {
  throw ConfigError(at(mark), message);
}

void NodeReader::fail(const YAML::Node& node,
                      const std::string& message) const {
  fail(node.IsNull() ? key_mark_ : node.Mark(), message);
}

void NodeReader::count_value(const YAML::Node& node) {
  if (++values_ > kMaxValues)
    fail(node, "the file expands to more than " + std::to_string(kMaxValues) +
                   " values (through aliases?); a matrix file is small");
}

void NodeReader::for_each_pair(const YAML::Node& map,
                               const std::string& context,
                               const std::vector<std::string>* allowed,
                               const Visit& visit) {
  std::map<std::string, YAML::Mark> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    count_value(key);
    if (!key.IsScalar())
      fail(key.Mark().is_null() ? map.Mark() : key.Mark(),
           "keys in " + context + " must be plain names, found " +
               describe(key));
    const std::string& name = key.Scalar();
    const auto [first, inserted] = seen.emplace(name, key.Mark());
    if (!inserted)
      fail(key, "duplicate key " + show(name) + " in " + context +
                    " (first at line " +
                    std::to_string(first->second.line + 1) +
                    ", again at line " + std::to_string(key.Mark().line + 1) +
                    "); keep only one");
    if (name == "<<")
      fail(key,
           "merge keys ('<<') are not supported by the YAML reader; "
           "write the keys out, or put shared ones under 'defaults'");
    if (allowed != nullptr &&
        std::find(allowed->begin(), allowed->end(), name) == allowed->end())
      fail(key, "unknown key " + show(name) + " in " + context +
                    hint_for(name, *allowed));
    const YAML::Mark outer = key_mark_;
    key_mark_ = key.Mark();
    visit(name, value);
    key_mark_ = outer;
  }
}

void NodeReader::require_map(const YAML::Node& node, const std::string& what,
                             const std::string& example) const {
  if (!node.IsMap())
    fail(node, what + " must be a mapping (e.g. " + example + "), found " +
                   describe(node));
}

Scalar NodeReader::scalar(const YAML::Node& node, const std::string& key,
                          const std::string& expected) {
  count_value(node);
  if (!node.IsScalar())
    fail(node,
         show(key) + " must be " + expected + ", found " + describe(node));
  const std::string& tag = node.Tag();
  if (tag == "?") return resolve_plain(node.Scalar());
  if (tag != "!" && tag != "tag:yaml.org,2002:str")
    fail(node, "the tag " + show(tag) + " on " + show(key) +
                   " is not supported; remove it");
  Scalar out;
  out.type = Scalar::Type::kString;
  out.text = node.Scalar();
  return out;
}

std::string NodeReader::string_value(const YAML::Node& node,
                                     const std::string& key) {
  const Scalar s = scalar(node, key, "a string");
  if (s.type != Scalar::Type::kString)
    fail(node, show(key) + " must be a string, found " + describe(node) +
                   "; quote it to use it as text");
  if (s.text.empty()) fail(node, show(key) + " must not be empty");
  return s.text;
}

std::string NodeReader::name_value(const YAML::Node& node,
                                   const std::string& key) {
  std::string name = string_value(node, key);
  if (auto problem = name_problem(name))
    fail(node, key + " " + show(name) + " " + *problem);
  return name;
}

std::int64_t NodeReader::int_value(const YAML::Node& node,
                                   const std::string& key, std::int64_t min,
                                   std::int64_t max) {
  const std::string range =
      "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  const Scalar s = scalar(node, key, range);
  if (s.type != Scalar::Type::kInt)
    fail(node, show(key) + " must be an integer, found " + describe(node));
  if (s.int_overflow || s.integer < min || s.integer > max)
    fail(node, show(key) + " must be " + range + ", found " + show(s.text));
  return s.integer;
}

double NodeReader::number_value(const YAML::Node& node, const std::string& key,
                                double max, const std::string& unit) {
  const std::string range = "a number of " + unit + " greater than 0 and " +
                            "at most " + std::to_string(std::lround(max));
  const Scalar s = scalar(node, key, range);
  double value = 0;
  if (s.type == Scalar::Type::kInt && !s.int_overflow)
    value = static_cast<double>(s.integer);
  else if (s.type == Scalar::Type::kFloat)
    value = s.number;
  else if (s.type == Scalar::Type::kInt)
    value = HUGE_VAL;
  else
    fail(node, show(key) + " must be a number, found " + describe(node));
  if (!std::isfinite(value) || value <= 0 || value > max)
    fail(node, show(key) + " must be " + range + ", found " + show(s.text));
  return value;
}

bool NodeReader::bool_value(const YAML::Node& node, const std::string& key) {
  const Scalar s = scalar(node, key, "true or false");
  if (s.type != Scalar::Type::kBool)
    fail(node, show(key) + " must be true or false, found " + describe(node));
  return s.boolean;
}

std::string NodeReader::choice_value(const YAML::Node& node,
                                     const std::string& key,
                                     const std::vector<std::string>& choices) {
  std::string value = string_value(node, key);
  if (std::find(choices.begin(), choices.end(), value) == choices.end())
    fail(node, "unknown " + key + " " + show(value) + hint_for(value, choices) +
                   " (allowed: " + one_of(choices) + ")");
  return value;
}

std::vector<std::string> NodeReader::string_list(
    const YAML::Node& node, const std::string& key,
    const std::vector<std::string>* choices) {
  return list_value<std::string>(
      node, key,
      [&](const YAML::Node& n) {
        return choices ? choice_value(n, key, *choices) : string_value(n, key);
      },
      [](const std::string& s) { return s; });
}

std::vector<std::string> NodeReader::name_list(const YAML::Node& node,
                                               const std::string& key) {
  return list_value<std::string>(
      node, key, [&](const YAML::Node& n) { return name_value(n, key); },
      [](const std::string& s) { return s; });
}

std::vector<bool> NodeReader::bool_list(const YAML::Node& node,
                                        const std::string& key) {
  return list_value<bool>(
      node, key, [&](const YAML::Node& n) { return bool_value(n, key); },
      [](const bool& b) { return std::string(b ? "true" : "false"); });
}

}  // namespace tally::config_detail

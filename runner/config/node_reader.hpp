// Typed reads of yaml-cpp nodes for the schema walk: every refusal is a
// ConfigError at the node's file:line:column that names the key and what was
// found, and every value visited counts against a budget, so aliases cannot
// multiply the work.
#ifndef TALLY_CONFIG_NODE_READER_HPP
#define TALLY_CONFIG_NODE_READER_HPP

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config/messages.hpp"
#include "config/scalar.hpp"
#include "core/error.hpp"

namespace tally::config_detail {

/// What a value is, for "found ..." in messages.
std::string describe(const YAML::Node& node);

class NodeReader {
 public:
  using Visit = std::function<void(const std::string&, const YAML::Node&)>;

  explicit NodeReader(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }

  /// Unknown positions still get one, so every message has file:line:column.
  SourceLocation at(const YAML::Mark& mark) const;
  [[noreturn]] void fail(const YAML::Mark& mark,
                         const std::string& message) const;
  /// At the node; an empty value at its key (yaml-cpp marks an empty value
  /// at the token after it, often on the next line).
  [[noreturn]] void fail(const YAML::Node& node,
                         const std::string& message) const;

  /// Visits each pair of a mapping once; rejects non-text keys, duplicate
  /// keys (yaml-cpp keeps both silently) and, when `allowed` is given,
  /// unknown keys.
  void for_each_pair(const YAML::Node& map, const std::string& context,
                     const std::vector<std::string>* allowed,
                     const Visit& visit);

  static bool is_empty_value(const YAML::Node& node) { return node.IsNull(); }
  void require_map(const YAML::Node& node, const std::string& what,
                   const std::string& example) const;

  /// A scalar with its core-schema type; any tag but a string one is refused
  /// because the loader would otherwise have to guess what it means.
  Scalar scalar(const YAML::Node& node, const std::string& key,
                const std::string& expected);
  std::string string_value(const YAML::Node& node, const std::string& key);
  /// A string that becomes part of result names (core/name_rules.hpp).
  std::string name_value(const YAML::Node& node, const std::string& key);
  std::int64_t int_value(const YAML::Node& node, const std::string& key,
                         std::int64_t min, std::int64_t max);
  double number_value(const YAML::Node& node, const std::string& key,
                      double max, const std::string& unit);
  bool bool_value(const YAML::Node& node, const std::string& key);
  std::string choice_value(const YAML::Node& node, const std::string& key,
                           const std::vector<std::string>& choices);

  /// A list of values, or one value standing for a list of one.
  template <class T>
  std::vector<T> list_value(const YAML::Node& node, const std::string& key,
                            const std::function<T(const YAML::Node&)>& item,
                            const std::function<std::string(const T&)>& text);
  std::vector<std::string> string_list(
      const YAML::Node& node, const std::string& key,
      const std::vector<std::string>* choices = nullptr);
  std::vector<std::string> name_list(const YAML::Node& node,
                                     const std::string& key);
  std::vector<bool> bool_list(const YAML::Node& node, const std::string& key);

 private:
  void count_value(const YAML::Node& node);

  std::string path_;
  std::size_t values_ = 0;
  YAML::Mark key_mark_ = YAML::Mark::null_mark();  // of the key being read
};

template <class T>
std::vector<T> NodeReader::list_value(
    const YAML::Node& node, const std::string& key,
    const std::function<T(const YAML::Node&)>& item,
    const std::function<std::string(const T&)>& text) {
  std::vector<T> out;
  if (!node.IsSequence()) {
    if (is_empty_value(node))
      fail(node,
           show(key) + " is empty; list at least one value or remove the key");
    out.push_back(item(node));
    return out;
  }
  if (node.size() == 0)
    fail(node, show(key) +
                   " is an empty list; list at least one value or remove "
                   "the key");
  for (const YAML::Node& element : node) {
    T value = item(element);
    if (std::find(out.begin(), out.end(), value) != out.end())
      fail(element, "duplicate value " + show(text(value)) + " in " +
                        show(key) + "; list each value once");
    out.push_back(std::move(value));
  }
  return out;
}

}  // namespace tally::config_detail

#endif  // TALLY_CONFIG_NODE_READER_HPP

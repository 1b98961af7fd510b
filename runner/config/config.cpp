// The matrix-file loader. Untrusted text goes through three gates: a byte
// check (size, UTF-8, control characters), an event pass over the YAML that
// bounds nesting and document count without expanding aliases, and a schema
// walk that reads only the shapes the file may have and bounds the values it
// visits, so aliases can neither loop nor multiply work.
#include "config/config.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string_view>
#include <system_error>

#include "core/did_you_mean.hpp"

namespace tally {

Settings Settings::merged_with(const Settings& over) const {
  Settings out = *this;
  if (over.iterations) out.iterations = over.iterations;
  if (over.counter) out.counter = over.counter;
  if (over.timeout_s) out.timeout_s = over.timeout_s;
  if (over.threads) out.threads = over.threads;
  if (over.regions) out.regions = over.regions;
  if (over.memory_limit_mb) out.memory_limit_mb = over.memory_limit_mb;
  return out;
}

namespace {

constexpr std::uintmax_t kMaxFileBytes = 16u << 20;

[[noreturn]] void too_large(const std::string& path) {
  throw ConfigError({path},
                    "the matrix file is larger than the limit of 16 MiB; a "
                    "matrix file is small: is this the right file?");
}
// A valid file nests at most four levels; the margin is for flow style.
constexpr int kMaxDepth = 64;
// Counts values as the walk sees them, aliases included: a small file can
// repeat one large entry through aliases many times over.
constexpr std::size_t kMaxValues = 1'000'000;

constexpr int kMaxIterations = 1'000'000;
constexpr double kMaxTimeout = 604'800;  // one week
constexpr int kMaxThreads = 1024;
constexpr double kMaxMemoryMb = 16.0 * 1024 * 1024;  // 16 TiB

const std::vector<std::string> kTopKeys = {"defaults", "matrix", "benchmarks",
                                           "exclude"};
const std::vector<std::string> kSettingKeys = {
    "iterations", "counter", "timeout", "threads", "regions", "memory_limit"};
const std::vector<std::string> kAxisKeys = {"backend", "device", "dynamic"};
const std::vector<std::string> kEntryOwnKeys = {"name", "params", "matrix",
                                                "label"};
const std::vector<std::string> kExcludeKeys = {"name", "backend", "device",
                                               "dynamic"};
const std::vector<std::string> kCounters = {"auto", "perf", "callgrind",
                                            "wall"};
const std::vector<std::string> kDevices = {"cpu", "cuda"};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
    out += items[i];
  }
  return out;
}

// Quotes user text for a message: short, and without raw control bytes.
std::string show(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < text.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (text.size() > kMax) out += "...";
  return out + "'";
}

// "; did you mean 'x'?" when a candidate is close, else what is allowed.
std::string hint_for(std::string_view word,
                     const std::vector<std::string>& candidates) {
  // Closest by spelling would be 'cpu', which is not what a GPU user means.
  if ((word == "gpu" || word == "GPU") &&
      std::find(candidates.begin(), candidates.end(), "cuda") !=
          candidates.end())
    return "; did you mean 'cuda'?";
  if (auto best = did_you_mean(word, candidates))
    return "; did you mean '" + *best + "'?";
  return "; expected " + join(candidates);
}

// A YAML scalar resolved by the core schema: quoted text stays a string.
struct Scalar {
  enum class Type { kBool, kInt, kFloat, kString } type = Type::kString;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0;
  std::string text;
  bool int_overflow = false;  // integer syntax beyond 64 bits
};

bool all_of(std::string_view s, const char* set) {
  return !s.empty() && s.find_first_not_of(set) == std::string_view::npos;
}

bool is_float_syntax(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  const std::size_t exp = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, exp);
  if (exp != std::string_view::npos) {
    std::string_view e = s.substr(exp + 1);
    if (!e.empty() && (e[0] == '+' || e[0] == '-')) e.remove_prefix(1);
    if (!all_of(e, "0123456789")) return false;
  }
  const std::size_t dot = mantissa.find('.');
  if (dot == std::string_view::npos) return all_of(mantissa, "0123456789");
  const std::string_view whole = mantissa.substr(0, dot);
  const std::string_view frac = mantissa.substr(dot + 1);
  if (whole.empty() && frac.empty()) return false;
  return (whole.empty() || all_of(whole, "0123456789")) &&
         (frac.empty() || all_of(frac, "0123456789"));
}

Scalar resolve_plain(const std::string& text) {
  Scalar out;
  out.text = text;
  if (text == "true" || text == "True" || text == "TRUE" || text == "false" ||
      text == "False" || text == "FALSE") {
    out.type = Scalar::Type::kBool;
    out.boolean = text[0] == 't' || text[0] == 'T';
    return out;
  }
  std::string_view digits = text;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  int base = 0;
  if (all_of(digits, "0123456789")) {
    base = 10;
  } else if (digits.size() > 2 && digits.substr(0, 2) == "0x" &&
             all_of(digits.substr(2), "0123456789abcdefABCDEF")) {
    base = 16;
    digits.remove_prefix(2);
  } else if (digits.size() > 2 && digits.substr(0, 2) == "0o" &&
             all_of(digits.substr(2), "01234567")) {
    base = 8;
    digits.remove_prefix(2);
  }
  if (base != 0) {
    out.type = Scalar::Type::kInt;
    std::uint64_t magnitude = 0;
    auto [end, ec] = std::from_chars(
        digits.data(), digits.data() + digits.size(), magnitude, base);
    const std::uint64_t limit =
        static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) +
        (negative ? 1 : 0);
    if (ec != std::errc() || end != digits.data() + digits.size() ||
        magnitude > limit) {
      out.int_overflow = true;
    } else {
      out.integer = negative ? static_cast<std::int64_t>(0 - magnitude)
                             : static_cast<std::int64_t>(magnitude);
    }
    return out;
  }
  if (digits == ".inf" || digits == ".Inf" || digits == ".INF") {
    out.type = Scalar::Type::kFloat;
    out.number = negative ? -HUGE_VAL : HUGE_VAL;
    return out;
  }
  if (text == ".nan" || text == ".NaN" || text == ".NAN") {
    out.type = Scalar::Type::kFloat;
    out.number = std::nan("");
    return out;
  }
  if (is_float_syntax(text)) {
    std::string_view s = text;
    if (s[0] == '+') s.remove_prefix(1);
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (end == s.data() + s.size() &&
        (ec == std::errc() || ec == std::errc::result_out_of_range)) {
      out.type = Scalar::Type::kFloat;
      out.number =
          ec == std::errc() ? value : (s[0] == '-' ? -HUGE_VAL : HUGE_VAL);
      return out;
    }
  }
  out.type = Scalar::Type::kString;
  return out;
}

// What a value is, for "found ..." in messages.
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

// Bounds nesting depth and document count on the event stream, which
// reports an alias as one event instead of expanding it.
class ShapeGuard : public YAML::EventHandler {
 public:
  explicit ShapeGuard(std::function<void(const YAML::Mark&, std::string)> fail)
      : fail_(std::move(fail)) {}
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1)
      fail_(mark,
            "the file holds more than one YAML document ('---'); a matrix "
            "file is one document: remove the extra '---' separators");
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark& mark, const std::string&,
                       YAML::anchor_t, YAML::EmitterStyle::value) override {
    enter(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    enter(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void enter(const YAML::Mark& mark) {
    if (++depth_ > kMaxDepth)
      fail_(mark, "lists and mappings nest deeper than " +
                      std::to_string(kMaxDepth) +
                      " levels; a matrix file needs at most four");
  }
  std::function<void(const YAML::Mark&, std::string)> fail_;
  int depth_ = 0;
  int documents_ = 0;
};

class Loader {
 public:
  explicit Loader(const std::string& path) : path_(path) {}

  Config parse(const std::string& text) {
    check_bytes(text);
    YAML::Node root;
    try {
      std::istringstream events(text);
      YAML::Parser parser(events);
      ShapeGuard guard([this](const YAML::Mark& mark, std::string message) {
        fail(mark, std::move(message));
      });
      while (parser.HandleNextDocument(guard)) {
      }
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      fail(e.mark, "YAML syntax error: " + e.msg + syntax_hint(text, e.mark));
    }
    return read_root(root);
  }

 private:
  [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) {
    throw ConfigError(at(mark), message);
  }
  // yaml-cpp marks an empty value at the token after it, often on the next
  // line, so such a value is reported at its key.
  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) {
    fail(node.IsNull() ? key_mark_ : node.Mark(), message);
  }

  // Unknown positions still get one, so every message has file:line:column.
  SourceLocation at(const YAML::Mark& mark) const {
    if (mark.is_null() || mark.line < 0) return {path_, 1, 1};
    return {path_, mark.line + 1, mark.column + 1};
  }

  static std::string syntax_hint(const std::string& text,
                                 const YAML::Mark& mark) {
    if (!mark.is_null() && mark.pos >= 0 &&
        static_cast<std::size_t>(mark.pos) <= text.size()) {
      const std::size_t begin =
          mark.pos == 0 ? 0 : text.rfind('\n', mark.pos - 1) + 1;
      const std::size_t indent = text.find_first_not_of(" \t", begin);
      if (text.find('\t', begin) < indent)
        return "; YAML does not allow tabs for indentation: use spaces";
    }
    return "; check the indentation, colons, quotes and brackets here or "
           "just before";
  }

  void check_bytes(const std::string& text) {
    if (text.size() > kMaxFileBytes) too_large(path_);
    int line = 1, column = 1;
    for (std::size_t i = 0; i < text.size();) {
      const auto c = static_cast<unsigned char>(text[i]);
      std::size_t length = 1;
      if (c < 0x80) {
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
          throw ConfigError(
              {path_, line, column},
              "control character " + show(text.substr(i, 1)) +
                  " is not allowed in YAML text; is this a binary or UTF-16 "
                  "file? The matrix file must be UTF-8 text");
      } else {
        length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
        bool valid =
            length != 0 && c >= 0xc2 && c <= 0xf4 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k)
          valid = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
        if (valid && length >= 3) {
          // Reject overlong forms, UTF-16 surrogates and code points past
          // U+10FFFF.
          const auto c1 = static_cast<unsigned char>(text[i + 1]);
          valid = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0) &&
                  !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
        }
        if (!valid) {
          char byte[8];
          std::snprintf(byte, sizeof byte, "0x%02x", c);
          throw ConfigError({path_, line, column},
                            std::string("byte ") + byte +
                                " is not valid UTF-8; save the matrix file "
                                "as UTF-8 text");
        }
      }
      if (c == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      i += length;
    }
  }

  void count_value(const YAML::Node& node) {
    if (++values_ > kMaxValues)
      fail(node, "the file expands to more than " + std::to_string(kMaxValues) +
                     " values (through aliases?); a matrix file is small");
  }

  // Visits each pair of a mapping once; rejects non-text keys, duplicate
  // keys (yaml-cpp keeps both silently) and, when `allowed` is given,
  // unknown keys.
  void for_each_pair(
      const YAML::Node& map, const std::string& context,
      const std::vector<std::string>* allowed,
      const std::function<void(const std::string&, const YAML::Node&)>& visit) {
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

  static bool is_empty_value(const YAML::Node& node) { return node.IsNull(); }

  void require_map(const YAML::Node& node, const std::string& what,
                   const std::string& example) {
    if (!node.IsMap())
      fail(node, what + " must be a mapping (e.g. " + example + "), found " +
                     describe(node));
  }

  // A scalar with its core-schema type; any tag but a string one is refused
  // because the loader would otherwise have to guess what it means.
  Scalar scalar(const YAML::Node& node, const std::string& key,
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

  std::string string_value(const YAML::Node& node, const std::string& key) {
    const Scalar s = scalar(node, key, "a string");
    if (s.type != Scalar::Type::kString)
      fail(node, show(key) + " must be a string, found " + describe(node) +
                     "; quote it to use it as text");
    if (s.text.empty()) fail(node, show(key) + " must not be empty");
    return s.text;
  }

  std::int64_t int_value(const YAML::Node& node, const std::string& key,
                         std::int64_t min, std::int64_t max) {
    const std::string range =
        "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    const Scalar s = scalar(node, key, range);
    if (s.type != Scalar::Type::kInt)
      fail(node, show(key) + " must be an integer, found " + describe(node));
    if (s.int_overflow || s.integer < min || s.integer > max)
      fail(node, show(key) + " must be " + range + ", found " + show(s.text));
    return s.integer;
  }

  double number_value(const YAML::Node& node, const std::string& key,
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

  bool bool_value(const YAML::Node& node, const std::string& key) {
    const Scalar s = scalar(node, key, "true or false");
    if (s.type != Scalar::Type::kBool)
      fail(node, show(key) + " must be true or false, found " + describe(node));
    return s.boolean;
  }

  std::string choice_value(const YAML::Node& node, const std::string& key,
                           const std::vector<std::string>& choices) {
    std::string value = string_value(node, key);
    if (std::find(choices.begin(), choices.end(), value) == choices.end())
      fail(node, "unknown " + key + " " + show(value) +
                     hint_for(value, choices) + " (allowed: " + join(choices) +
                     ")");
    return value;
  }

  // A list of values, or one value standing for a list of one.
  template <class T>
  std::vector<T> list_value(const YAML::Node& node, const std::string& key,
                            const std::function<T(const YAML::Node&)>& item,
                            const std::function<std::string(const T&)>& text) {
    std::vector<T> out;
    if (!node.IsSequence()) {
      if (is_empty_value(node))
        fail(node, show(key) +
                       " is empty; list at least one value or remove the key");
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

  std::vector<std::string> string_list(
      const YAML::Node& node, const std::string& key,
      const std::vector<std::string>* choices = nullptr) {
    return list_value<std::string>(
        node, key,
        [&](const YAML::Node& n) {
          return choices ? choice_value(n, key, *choices)
                         : string_value(n, key);
        },
        [](const std::string& s) { return s; });
  }

  std::vector<bool> bool_list(const YAML::Node& node, const std::string& key) {
    return list_value<bool>(
        node, key, [&](const YAML::Node& n) { return bool_value(n, key); },
        [](const bool& b) { return std::string(b ? "true" : "false"); });
  }

  // Reads one `defaults` key into `settings`; false when `key` is not one.
  bool read_setting(const std::string& key, const YAML::Node& value,
                    Settings& settings) {
    if (key == "iterations")
      settings.iterations =
          static_cast<int>(int_value(value, key, 1, kMaxIterations));
    else if (key == "counter")
      settings.counter = choice_value(value, key, kCounters);
    else if (key == "timeout")
      settings.timeout_s = number_value(value, key, kMaxTimeout, "seconds");
    else if (key == "threads")
      settings.threads =
          static_cast<int>(int_value(value, key, 1, kMaxThreads));
    else if (key == "regions")
      settings.regions = string_list(value, key);
    else if (key == "memory_limit")
      settings.memory_limit_mb = number_value(value, key, kMaxMemoryMb, "MiB");
    else
      return false;
    return true;
  }

  Settings read_defaults(const YAML::Node& node) {
    Settings settings;
    if (is_empty_value(node)) return settings;
    require_map(node, "'defaults'", "{iterations: 5}");
    for_each_pair(node, "defaults", &kSettingKeys,
                  [&](const std::string& key, const YAML::Node& value) {
                    read_setting(key, value, settings);
                  });
    return settings;
  }

  Axes read_axes(const YAML::Node& node, const std::string& context) {
    Axes axes;
    if (is_empty_value(node)) return axes;
    require_map(node, "'matrix' in " + context, "{backend: [eager, trace]}");
    for_each_pair(node, "matrix of " + context, &kAxisKeys,
                  [&](const std::string& key, const YAML::Node& value) {
                    if (key == "backend")
                      axes.backend = string_list(value, key);
                    else if (key == "device")
                      axes.device = string_list(value, key, &kDevices);
                    else
                      axes.dynamic = bool_list(value, key);
                  });
    return axes;
  }

  ParamValue param_value(const YAML::Node& node, const std::string& name) {
    const std::string key = "params." + name;
    const Scalar s =
        scalar(node, key, "a single value (true/false, a number or a string)");
    switch (s.type) {
      case Scalar::Type::kBool:
        return s.boolean;
      case Scalar::Type::kInt:
        if (s.int_overflow)
          fail(node, show(key) + " is " + s.text +
                         ", beyond a 64-bit integer; use a smaller number");
        return s.integer;
      case Scalar::Type::kFloat:
        return s.number;
      default:
        return s.text;
    }
  }

  BenchmarkEntry read_entry(const YAML::Node& node, std::size_t index) {
    const std::string context = "benchmarks[" + std::to_string(index) + "]";
    if (!node.IsMap())
      fail(node,
           "each item of 'benchmarks' must be a mapping with a 'name' "
           "(e.g. '- name: basic_InlineMod'), found " +
               describe(node));
    static const std::vector<std::string> allowed = [] {
      std::vector<std::string> keys = kEntryOwnKeys;
      keys.insert(keys.end(), kSettingKeys.begin(), kSettingKeys.end());
      return keys;
    }();
    BenchmarkEntry entry;
    entry.params_where = at(node.Mark());
    bool named = false;
    for_each_pair(
        node, context, &allowed,
        [&](const std::string& key, const YAML::Node& value) {
          if (key == "name") {
            entry.pattern = string_value(value, key);
            entry.where = at(value.Mark());
            named = true;
          } else if (key == "label") {
            entry.label = string_value(value, key);
          } else if (key == "matrix") {
            entry.matrix = read_axes(value, context);
          } else if (key == "params") {
            entry.params_where = at(value.Mark());
            if (is_empty_value(value)) return;
            require_map(value, "'params'", "{n: 1000}");
            for_each_pair(
                value, "params of " + context, nullptr,
                [&](const std::string& name, const YAML::Node& v) {
                  entry.params[name] = {param_value(v, name), at(v.Mark())};
                });
          } else {
            read_setting(key, value, entry.settings);
          }
        });
    if (!named)
      fail(node,
           context + " has no 'name'; add 'name: <benchmark name or glob>'");
    return entry;
  }

  ExcludeRule read_exclude(const YAML::Node& node, std::size_t index) {
    const std::string context = "exclude[" + std::to_string(index) + "]";
    if (!node.IsMap())
      fail(node,
           "each item of 'exclude' must be a mapping (e.g. "
           "'- {name: mm_loop, device: cuda}'), found " +
               describe(node));
    if (node.size() == 0)
      fail(node,
           context + " is empty; give at least one of " + join(kExcludeKeys));
    ExcludeRule rule;
    rule.where = at(node.Mark());
    for_each_pair(node, context, &kExcludeKeys,
                  [&](const std::string& key, const YAML::Node& value) {
                    if (key == "name")
                      rule.name = string_value(value, key);
                    else if (key == "backend")
                      rule.backend = string_value(value, key);
                    else if (key == "device")
                      rule.device = choice_value(value, key, kDevices);
                    else
                      rule.dynamic = bool_value(value, key);
                  });
    return rule;
  }

  Config read_root(const YAML::Node& root) {
    if (is_empty_value(root))
      fail(root,
           "the matrix file is empty; it needs at least a "
           "'benchmarks:' list (e.g. 'benchmarks: [{name: \"*\"}]')");
    if (!root.IsMap())
      fail(root, "the top level must be a mapping with the keys " +
                     join(kTopKeys) + ", found " + describe(root));
    Config config;
    config.path = path_;
    bool has_benchmarks = false;
    for_each_pair(root, "the top level", &kTopKeys,
                  [&](const std::string& key, const YAML::Node& value) {
                    if (key == "defaults") {
                      config.defaults = read_defaults(value);
                    } else if (key == "matrix") {
                      config.matrix = read_axes(value, "the top level");
                    } else if (key == "benchmarks") {
                      has_benchmarks = true;
                      if (is_empty_value(value) ||
                          (value.IsSequence() && value.size() == 0))
                        fail(value,
                             "'benchmarks' is empty; list at least one entry "
                             "(e.g. '- name: basic_InlineMod')");
                      if (!value.IsSequence())
                        fail(value,
                             "'benchmarks' must be a list of entries "
                             "(e.g. '- name: basic_InlineMod'), found " +
                                 describe(value));
                      std::size_t index = 0;
                      for (const YAML::Node& item : value)
                        config.benchmarks.push_back(read_entry(item, index++));
                    } else {
                      if (is_empty_value(value)) return;
                      if (!value.IsSequence())
                        fail(
                            value,
                            "'exclude' must be a list of rules "
                            "(e.g. '- {name: mm_loop, device: cuda}'), found " +
                                describe(value));
                      std::size_t index = 0;
                      for (const YAML::Node& item : value)
                        config.excludes.push_back(read_exclude(item, index++));
                    }
                  });
    if (!has_benchmarks)
      fail(root,
           "missing required key 'benchmarks'; add a list of the "
           "benchmarks to run (e.g. 'benchmarks: [{name: \"*\"}]')");
    return config;
  }

  std::string path_;
  std::size_t values_ = 0;
  YAML::Mark key_mark_ = YAML::Mark::null_mark();  // of the key being read
};

}  // namespace

Config parse_config(const std::string& text, const std::string& path) {
  return Loader(path).parse(text);
}

Config load_config(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status))
    throw ConfigError({path},
                      "cannot read the matrix file: it does not "
                      "exist; check the path");
  if (fs::is_directory(status))
    throw ConfigError({path},
                      "cannot read the matrix file: it is a "
                      "directory; name a .yaml file");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > kMaxFileBytes) too_large(path);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ConfigError({path},
                      "cannot open the matrix file for reading; "
                      "check its permissions");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad())
    throw ConfigError({path}, "cannot read the matrix file (I/O error)");
  return parse_config(text.str(), path);
}

}  // namespace tally

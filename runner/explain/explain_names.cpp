#include "explain/explain_names.hpp"

#include <cctype>

namespace tally::explain {

namespace {

bool is_identifier(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// GCC's and LLVM's suffixes for a copy of a function: specialised
// (isra, constprop), split (part, cold), LTO-renamed or aliased.
constexpr std::string_view kCloneWords[] = {
    "isra", "constprop", "part", "cold", "lto_priv", "localalias", "llvm"};

/// Removes one raw clone suffix (".isra.0", ".cold") from the end of `s`.
bool strip_raw_clone_suffix(std::string& s) {
  std::size_t end = s.size();
  // Trailing ".N" groups first: ".constprop.0.isra.0" ends in two.
  while (end > 0) {
    const std::size_t dot = s.rfind('.', end - 1);
    if (dot == std::string::npos || dot + 1 == end) break;
    bool digits = true;
    for (std::size_t i = dot + 1; i < end; ++i)
      digits = digits && is_digit(s[i]);
    if (!digits) break;
    end = dot;
  }
  for (std::string_view word : kCloneWords) {
    if (end > word.size() + 1 && s[end - word.size() - 1] == '.' &&
        std::string_view(s).substr(end - word.size(), word.size()) == word) {
      s.resize(end - word.size() - 1);
      return true;
    }
  }
  return false;
}

/// Removes callgrind's "'2" from a function entered recursively
/// (--separate-recs, 2 by default): it is the same code.
void strip_recursion_level(std::string& s) {
  std::size_t i = s.size();
  while (i > 0 && is_digit(s[i - 1])) --i;
  if (i < s.size() && i > 0 && s[i - 1] == '\'') s.resize(i - 1);
}

/// Removes the demangler's " [clone .isra.0]" groups.
void strip_demangled_clones(std::string& s) {
  for (std::size_t at; (at = s.find(" [clone .")) != std::string::npos;) {
    const std::size_t close = s.find(']', at);
    if (close == std::string::npos) return;
    s.erase(at, close + 1 - at);
  }
}

/// `name` with addresses, ordinals and "_GLOBAL__N_" rewritten.
std::string rewrite_inner_parts(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size();) {
    const bool boundary = i == 0 || !is_identifier(name[i - 1]);
    if (boundary && name.compare(i, 2, "0x") == 0 && i + 2 < name.size() &&
        std::isxdigit(static_cast<unsigned char>(name[i + 2]))) {
      out += "0x?";
      for (i += 2; i < name.size() &&
                   std::isxdigit(static_cast<unsigned char>(name[i]));)
        ++i;
    } else if (name[i] == '#' && i + 1 < name.size() && is_digit(name[i + 1])) {
      out += "#N";
      for (++i; i < name.size() && is_digit(name[i]);) ++i;
    } else if (boundary && name.compare(i, 11, "_GLOBAL__N_") == 0) {
      out += "(anonymous namespace)";
      for (i += 11; i < name.size() && is_identifier(name[i]);) ++i;
    } else {
      out += name[i++];
    }
  }
  return out;
}

}  // namespace

std::string normalise_function_name(std::string_view name) {
  // Most names have nothing inside to rewrite; finding that out is fast.
  const bool inner = name.find("0x") != std::string_view::npos ||
                     name.find('#') != std::string_view::npos ||
                     name.find("_GLOBAL__N_") != std::string_view::npos;
  std::string out = inner ? rewrite_inner_parts(name) : std::string(name);
  strip_recursion_level(out);
  strip_demangled_clones(out);
  while (strip_raw_clone_suffix(out)) {
  }
  return out;
}

std::string_view qualified_name(std::string_view name) {
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool word_start = i == 0 || !is_identifier(name[i - 1]);
    if (depth == 0 && word_start && name.compare(i, 8, "operator") == 0 &&
        (i + 8 == name.size() || !is_identifier(name[i + 8]))) {
      // "operator<", "operator()", "operator new": up to the parameters.
      std::size_t j = i + 8;
      if (name.compare(j, 2, "()") == 0) j += 2;
      while (j < name.size() && name[j] != '(') ++j;
      return name.substr(start, j - start);
    }
    if (c == '(' && depth == 0 && i > start)
      return name.substr(start, i - start);
    if (c == '<' || c == '(' || c == '[' || c == '{') ++depth;
    if ((c == '>' || c == ')' || c == ']' || c == '}') && depth > 0) --depth;
    if (c == ' ' && depth == 0) start = i + 1;  // after a return type
  }
  return name.substr(start);
}

std::string object_basename(std::string_view object) {
  const std::size_t slash = object.rfind('/');
  return std::string(
      slash == std::string_view::npos ? object : object.substr(slash + 1));
}

}  // namespace tally::explain

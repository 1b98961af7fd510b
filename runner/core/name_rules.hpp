// The one rule for names that become part of result names and metrics:
// plugin, benchmark, backend and region names, and config labels. Results go
// into CSV (no quoting), markdown tables, HTML and shell-style globs, so a
// name is refused rather than escaped differently in each of them.
#ifndef TALLY_CORE_NAME_RULES_HPP
#define TALLY_CORE_NAME_RULES_HPP

#include <optional>
#include <string>
#include <string_view>

#include "tally/plugin.hpp"

namespace tally {

/// What a name may hold, for messages.
inline constexpr const char* kNameRule =
    "names may use only ASCII letters, digits, '_', '-' and '.'";

/// Why `name` cannot be used, e.g. "contains ',' (comma); names may use
/// only ...", or "is empty"; nullopt when it can. Allowed: A-Z a-z 0-9 _ - .
std::optional<std::string> name_problem(std::string_view name);

/// `name` in single quotes for a message, control bytes escaped.
std::string quote_name(std::string_view name);

/// The first name a plugin declares that breaks the rule (its own, a
/// benchmark's, a backend's or a region's) as a whole sentence; else nullopt.
std::optional<std::string> plugin_name_problem(const Plugin& plugin);

}  // namespace tally

#endif  // TALLY_CORE_NAME_RULES_HPP

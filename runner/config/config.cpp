// The matrix-file loader. Untrusted text goes through three gates: a byte
// check (size, UTF-8, control characters: text_check), an event pass over
// the YAML that bounds nesting and document count without expanding aliases
// (shape_guard), and a schema walk that reads only the shapes the file may
// have and bounds the values it visits, so aliases can neither loop nor
// multiply work (schema_walk).
#include "config/config.hpp"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "config/node_reader.hpp"
#include "config/schema_walk.hpp"
#include "config/shape_guard.hpp"
#include "config/text_check.hpp"

namespace tally {

using config_detail::NodeReader;

Settings Settings::merged_with(const Settings& over) const {
  Settings out = *this;
  if (over.iterations) out.iterations = over.iterations;
  if (over.counter) out.counter = over.counter;
  if (over.timeout_s) out.timeout_s = over.timeout_s;
  if (over.threads) out.threads = over.threads;
  if (over.regions) out.regions = over.regions;
  if (over.memory_limit_mb) out.memory_limit_mb = over.memory_limit_mb;
  if (over.profiles) out.profiles = over.profiles;
  if (over.unstable_spread_pct)
    out.unstable_spread_pct = over.unstable_spread_pct;
  return out;
}

namespace {

std::string syntax_hint(const std::string& text, const YAML::Mark& mark) {
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

YAML::Node load_yaml(const std::string& text, const NodeReader& reader) {
  try {
    config_detail::check_shape(
        text, [&reader](const YAML::Mark& mark, std::string message) {
          reader.fail(mark, message);
        });
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    reader.fail(e.mark,
                "YAML syntax error: " + e.msg + syntax_hint(text, e.mark));
  }
}

}  // namespace

Config parse_config(const std::string& text, const std::string& path) {
  config_detail::check_text(text, path);
  NodeReader reader(path);
  const YAML::Node root = load_yaml(text, reader);
  return config_detail::read_config(root, reader);
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
  if (!ec && size > config_detail::kMaxFileBytes)
    config_detail::too_large(path);
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

#include "discovery/catalog.hpp"

namespace tally {

using nlohmann::json;

json to_json(const Catalog& catalog) {
  json plugins = json::array(), bad = json::array();
  for (const auto& p : catalog.plugins) plugins.push_back(p);
  for (const auto& b : catalog.bad)
    bad.push_back({{"path", b.path}, {"reason", b.reason}});
  return {{"plugins", plugins}, {"bad_files", bad}};
}

}  // namespace tally

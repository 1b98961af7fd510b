// The third gate: a walk over the parsed YAML that reads only the shapes a
// matrix file may have (config.hpp) and bounds every value it visits.
#ifndef TALLY_CONFIG_SCHEMA_WALK_HPP
#define TALLY_CONFIG_SCHEMA_WALK_HPP

#include <yaml-cpp/yaml.h>

#include "config/config.hpp"
#include "config/node_reader.hpp"

namespace tally::config_detail {

/// The Config in `root`; throws ConfigError at the first value that does not
/// fit the schema.
Config read_config(const YAML::Node& root, NodeReader& reader);

}  // namespace tally::config_detail

#endif  // TALLY_CONFIG_SCHEMA_WALK_HPP

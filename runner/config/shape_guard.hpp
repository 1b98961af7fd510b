// The second gate: one pass over the YAML events that bounds nesting depth
// and document count. The event stream reports an alias as one event
// instead of expanding it, so this pass costs the size of the text.
#ifndef TALLY_CONFIG_SHAPE_GUARD_HPP
#define TALLY_CONFIG_SHAPE_GUARD_HPP

#include <yaml-cpp/mark.h>

#include <functional>
#include <string>

namespace tally::config_detail {

/// Must throw: called with where and why the text has the wrong shape.
using ShapeFailure = std::function<void(const YAML::Mark&, std::string)>;

/// Calls `fail` for a second document or nesting deeper than 64 levels;
/// lets yaml-cpp's YAML::Exception through for a syntax error.
void check_shape(const std::string& text, const ShapeFailure& fail);

}  // namespace tally::config_detail

#endif  // TALLY_CONFIG_SHAPE_GUARD_HPP

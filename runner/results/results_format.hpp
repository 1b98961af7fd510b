// results.json's format version: the number tally writes at its top level,
// and the one check every reader of a results.json makes before trusting
// its fields (docs/results-format.md, "Format version").
#ifndef TALLY_RESULTS_RESULTS_FORMAT_HPP
#define TALLY_RESULTS_RESULTS_FORMAT_HPP

#include <nlohmann/json.hpp>
#include <string>

namespace tally {

/// The `format_version` this tally writes and reads. Bump it when a field
/// changes meaning or type or goes away, so that an older tally refuses the
/// file rather than misreading it; a field added that readers may ignore
/// needs no bump (docs/results.schema.json changes either way).
inline constexpr int kResultsFormatVersion = 1;

/// Throws Error(kBadInput), one line naming `path`, the version found and
/// the one supported, when `doc` has a `format_version` this tally does not
/// read. A document without the field (or not an object, which the caller
/// refuses on its own terms) passes.
void check_results_format(const nlohmann::json& doc, const std::string& path);

}  // namespace tally

#endif  // TALLY_RESULTS_RESULTS_FORMAT_HPP

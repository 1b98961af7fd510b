#include "results/results_format.hpp"

#include <cstdint>

#include "core/error.hpp"

namespace tally {

void check_results_format(const nlohmann::json& doc, const std::string& path) {
  if (!doc.is_object()) return;
  const auto it = doc.find("format_version");
  // Files written before the version was recorded have the fields of
  // version 1, so they still load.
  if (it == doc.end()) return;
  if (it->is_number_integer() &&
      it->get<std::int64_t>() == kResultsFormatVersion)
    return;
  const bool newer = it->is_number_integer() &&
                     it->get<std::int64_t>() > kResultsFormatVersion;
  const std::string supported = std::to_string(kResultsFormatVersion);
  throw Error(path + ": results format version " + it->dump() +
                  " is not supported (this tally reads version " + supported +
                  " and files without a version); " +
                  (newer ? "use a newer tally"
                         : "the file is damaged or was not written by tally"),
              ExitCode::kBadInput);
}

}  // namespace tally

// What differs between the environments of two runs (compiler, LibTorch
// build, valgrind, CPU and microcode, kernel, governor, ASLR, threads), so
// compare, check and history can say when a change may come from the
// machine rather than the code.
#ifndef TALLY_COMPARE_ENVIRONMENT_DIFF_HPP
#define TALLY_COMPARE_ENVIRONMENT_DIFF_HPP

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace tally::compare {

struct EnvironmentDifference {
  std::string key;  // e.g. "cpu", "environment.cpu.microcode"
  std::string base, now;
};

/// The fields of two results.json `metadata` objects that change counts
/// without a code change and differ. A field missing or unreadable (null)
/// on either side is not compared.
std::vector<EnvironmentDifference> environment_differences(
    const nlohmann::json& base_metadata, const nlohmann::json& new_metadata);

/// "cross-environment: N difference(s) between BASE and NEW:" and one line
/// per difference; nothing when there is none.
void print_environment_differences(
    std::ostream& out, const std::vector<EnvironmentDifference>& differences,
    const std::string& base_label, const std::string& new_label);

nlohmann::json to_json(const std::vector<EnvironmentDifference>& differences);

}  // namespace tally::compare

#endif  // TALLY_COMPARE_ENVIRONMENT_DIFF_HPP

// What changes counts without a code change, read from the machine and the
// build: results.json's `metadata.environment`.
#ifndef TALLY_RESULTS_ENVIRONMENT_FINGERPRINT_HPP
#define TALLY_RESULTS_ENVIRONMENT_FINGERPRINT_HPP

#include <nlohmann/json.hpp>
#include <set>

namespace tally {

/// compiler_flags, build_type, libtorch {version, cxx11_abi, cuda},
/// cpu {model, microcode, online}, kernel {release, version},
/// cpufreq {governor, turbo}, aslr, threads {OMP_NUM_THREADS,
/// MKL_NUM_THREADS ("(unset)" when unset), cells}. What cannot be read here
/// (no cpufreq in a VM, say) is null, and is then not compared.
nlohmann::json collect_environment(const std::set<int>& cell_threads);

}  // namespace tally

#endif  // TALLY_RESULTS_ENVIRONMENT_FINGERPRINT_HPP

// Which vector instruction set LibTorch's kernels (ATen, and Inductor's
// generated code) are told to use. valgrind 3.19 emulates AVX2 but no
// AVX-512, and reports the same CPUID on every AVX2 host; code that picks
// its instruction set another way (Inductor reads /proc/cpuinfo) would emit
// AVX-512 and die of SIGILL under it. So cells under callgrind run with
// ATEN_CPU_CAPABILITY=avx2 unless the user set it; native runs keep
// LibTorch's own choice.
#ifndef TALLY_CORE_CPU_CAPABILITY_HPP
#define TALLY_CORE_CPU_CAPABILITY_HPP

#include <optional>
#include <string>

#include "core/counter_kind.hpp"

namespace tally {

inline constexpr char kAtenCapabilityVariable[] = "ATEN_CPU_CAPABILITY";

/// The value tally sets for `counter`'s workers; nullopt when it sets none
/// (the user's own value, if any, reaches the workers as it is).
std::optional<std::string> pinned_aten_capability(CounterKind counter);

/// What the workers of `counter` run with, for results.json: the pinned or
/// the user's value, or "auto" (LibTorch asks the CPU).
std::string effective_aten_capability(CounterKind counter);

}  // namespace tally

#endif  // TALLY_CORE_CPU_CAPABILITY_HPP

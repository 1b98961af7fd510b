#include "core/cpu_capability.hpp"

#include <cstdlib>

namespace tally {

std::optional<std::string> pinned_aten_capability(CounterKind counter) {
  if (counter != CounterKind::kCallgrind) return std::nullopt;
  if (std::getenv(kAtenCapabilityVariable)) return std::nullopt;
  return std::string("avx2");
}

std::string effective_aten_capability(CounterKind counter) {
  if (auto pinned = pinned_aten_capability(counter)) return *pinned;
  const char* user = std::getenv(kAtenCapabilityVariable);
  return user && *user ? user : "auto";
}

}  // namespace tally

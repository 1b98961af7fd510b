#include "counters/counter_choice.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>

#include "core/error.hpp"
#include "counters/perf_counter.hpp"

namespace tally {

std::optional<std::string> find_valgrind() {
  if (const char* forced = std::getenv("TALLY_VALGRIND"))
    return ::access(forced, X_OK) == 0 ? std::optional<std::string>(forced)
                                       : std::nullopt;
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/valgrind";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

std::string valgrind_version() {
  const auto valgrind = find_valgrind();
  if (!valgrind || valgrind->find('\'') != std::string::npos) return "";
  const std::string command = "'" + *valgrind + "' --version 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"),
                                             ::pclose);
  char line[128] = {};
  if (!pipe || !std::fgets(line, sizeof(line), pipe.get())) return "";
  std::string version = line;
  while (!version.empty() && version.back() == '\n') version.pop_back();
  return version;
}

CounterChoice choose_counter(const std::string& requested) {
  if (requested == "wall") return {CounterKind::kWall, "requested"};
  if (requested == "perf") {
    if (auto why = perf_unavailable_reason())
      throw Error("--counter perf: " + *why, ExitCode::kNoCounter);
    return {CounterKind::kPerf, "requested; the hardware instruction counter works here"};
  }
  if (requested == "callgrind") {
    auto valgrind = find_valgrind();
    if (!valgrind)
      throw Error(
          "--counter callgrind: valgrind is not installed; install it "
          "(`apt-get install valgrind`) or choose --counter wall",
          ExitCode::kNoCounter);
    return {CounterKind::kCallgrind, "requested; valgrind at " + *valgrind};
  }
  if (requested != "auto")
    throw Error("unknown counter '" + requested +
                    "' (expected auto, perf, callgrind or wall)",
                ExitCode::kUsage);
  auto perf_problem = perf_unavailable_reason();
  if (!perf_problem)
    return {CounterKind::kPerf, "auto: the hardware instruction counter works here"};
  if (auto valgrind = find_valgrind())
    return {CounterKind::kCallgrind, "auto: perf unavailable (" + *perf_problem +
                             "); valgrind found at " + *valgrind +
                             ", so counts are exact under callgrind"};
  return {CounterKind::kWall, "auto: perf unavailable (" + *perf_problem +
                      ") and valgrind not installed, so only wall time is "
                      "measured (install valgrind for instruction counts)"};
}

}  // namespace tally

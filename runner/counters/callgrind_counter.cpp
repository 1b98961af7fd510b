#include "counters/callgrind_counter.hpp"

#include <unistd.h>
#include <valgrind/callgrind.h>

#include <fstream>

#include "core/error.hpp"

namespace tally {

CallgrindCounter::CallgrindCounter(std::string dump_dir)
    : dump_dir_(std::move(dump_dir)) {
  if (!RUNNING_ON_VALGRIND)
    throw Error(
        "the callgrind counter only works in a worker started under "
        "valgrind (tally starts it so with --counter callgrind)",
        ExitCode::kNoCounter);
}

void CallgrindCounter::before_iterations() {
  // Instrumentation starts once the plugin and its model are ready, so
  // LibTorch's start-up runs at valgrind's fast, uninstrumented speed.
  if (!instrumenting_) {
    CALLGRIND_START_INSTRUMENTATION;
    instrumenting_ = true;
  }
}

void CallgrindCounter::resume() { CALLGRIND_TOGGLE_COLLECT; }

std::uint64_t CallgrindCounter::pause() {
  CALLGRIND_TOGGLE_COLLECT;
  // Dumping also zeroes the counts, so each dump holds one segment.
  CALLGRIND_DUMP_STATS;
  ++dumps_;
  const std::string path = dump_dir_ + "/cg." + std::to_string(::getpid()) +
                           "." + std::to_string(dumps_);
  std::uint64_t count = read_callgrind_totals(path);
  ::unlink(path.c_str());
  return count;
}

std::uint64_t read_callgrind_totals(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw Error("callgrind dump " + path + " was not written",
                ExitCode::kIoError);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("totals:", 0) == 0)
      return std::stoull(line.substr(line.find_first_not_of(' ', 7)));
  }
  throw Error("callgrind dump " + path + " has no 'totals:' line",
              ExitCode::kIoError);
}

}  // namespace tally

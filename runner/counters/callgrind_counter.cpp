#include "counters/callgrind_counter.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <valgrind/callgrind.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"
#include "core/fd.hpp"

namespace tally {

CallgrindCounter::CallgrindCounter(std::string dump_dir, bool keep_dumps)
    : dump_dir_(std::move(dump_dir)), keep_dumps_(keep_dumps) {
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

// Collection stays on in every thread (--collect-atstart=yes): callgrind
// keeps it per thread, and a thread started while it was toggled off would
// never be counted. Zeroing and dumping act on all threads at once, so a
// segment is everything any thread of the cell ran between the two.
void CallgrindCounter::resume() { CALLGRIND_ZERO_STATS; }

std::uint64_t CallgrindCounter::pause() {
  // The dump sums every thread (--separate-threads=no) and zeroes them.
  CALLGRIND_DUMP_STATS;
  ++dumps_;
  // No heap use from here on: the dump's contents (pid, times) vary between
  // runs and must not change the allocator state the benchmark sees next.
  char path[4096];
  std::snprintf(path, sizeof(path), "%s/cg.%d.%d", dump_dir_.c_str(),
                static_cast<int>(::getpid()), dumps_);
  std::uint64_t count = read_callgrind_totals(path);
  if (!keep_dumps_) ::unlink(path);
  return count;
}

std::uint64_t read_callgrind_totals(const char* path) {
  // callgrind writes `totals:` at the very end of a dump.
  char tail[4097];
  Fd fd(::open(path, O_RDONLY | O_CLOEXEC));
  struct stat info {};
  if (!fd.valid() || ::fstat(fd.get(), &info) != 0)
    throw Error(std::string("callgrind dump ") + path + " was not written",
                ExitCode::kIoError);
  const off_t size = info.st_size;
  const off_t offset = size > 4096 ? size - 4096 : 0;
  ssize_t n =
      ::pread(fd.get(), tail, static_cast<size_t>(size - offset), offset);
  tail[n > 0 ? n : 0] = '\0';
  const char* hit = nullptr;
  for (const char* p = tail; (p = std::strstr(p, "totals:")) != nullptr; ++p)
    if (p == tail || p[-1] == '\n') hit = p;
  if (!hit)
    throw Error(
        std::string("callgrind dump ") + path + " has no 'totals:' line",
        ExitCode::kIoError);
  return std::strtoull(hit + 7, nullptr, 10);
}

}  // namespace tally

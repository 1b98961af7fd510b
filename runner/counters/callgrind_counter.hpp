// Exact instruction counts under valgrind's callgrind, of every thread of
// the cell's process: collection is on in all threads, each resume() zeroes
// and each pause() dumps every thread's counts, and the dump's totals are
// the segment. Outside valgrind the client requests do nothing, so this
// counter refuses to start there.
#ifndef TALLY_COUNTERS_CALLGRIND_COUNTER_HPP
#define TALLY_COUNTERS_CALLGRIND_COUNTER_HPP

#include <string>

#include "counters/counter.hpp"

namespace tally {

class CallgrindCounter final : public Counter {
 public:
  /// `dump_dir` is the folder given to callgrind's --callgrind-out-file as
  /// DIR/cg.%p; `keep_dumps` leaves each segment's dump there (the host
  /// keeps some as profiles and removes the rest). Throws when this process
  /// is not running under callgrind.
  CallgrindCounter(std::string dump_dir, bool keep_dumps);
  std::string quantity() const override { return "instruction_count"; }
  void before_iterations() override;
  void resume() override;
  std::uint64_t pause() override;
  int last_profile() const override { return keep_dumps_ ? dumps_ : 0; }

 private:
  std::string dump_dir_;
  int dumps_ = 0;
  bool instrumenting_ = false;
  bool keep_dumps_ = false;
};

/// The `totals:` count of a callgrind dump file; throws when absent.
std::uint64_t read_callgrind_totals(const char* path);

}  // namespace tally

#endif  // TALLY_COUNTERS_CALLGRIND_COUNTER_HPP

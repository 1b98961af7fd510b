// Named exit codes of the tally CLI (documented in docs/cli.md, "Exit codes").
#ifndef TALLY_CORE_EXIT_CODE_HPP
#define TALLY_CORE_EXIT_CODE_HPP

namespace tally {

enum class ExitCode : int {
  kOk = 0,              // everything asked for succeeded
  kCellsFailed = 1,     // run: a cell failed, crashed or timed out
  kUsage = 2,           // bad command line
  kBadConfig = 3,       // the matrix file is malformed or names nothing
  kBadInput = 4,        // a results/expected/history file is malformed
  kRegression = 5,      // check/compare: a regression beyond its margin
  kMissingResult = 6,   // check: an expected row has no result
  kEmptyPlan = 7,       // run: the matrix expands to zero cells
  kIoError = 8,         // a file could not be read or written
  kNoCounter = 9,       // the requested counter cannot work on this machine
  kWin = 10,            // check --strict: an improvement to record
  kNoProfiles = 11,     // explain: no profiles to compare in the two runs
  kShardMismatch = 12,  // merge: shards of different plans, or overlapping
  kNotRepeatable = 13,  // run --verify: a callgrind count did not repeat
  kInterrupted = 130,   // SIGINT/SIGTERM stopped the run
};

inline int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace tally

#endif  // TALLY_CORE_EXIT_CODE_HPP

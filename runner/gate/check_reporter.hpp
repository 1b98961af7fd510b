// The reporters of `tally check`. Console: one row per expected row and
// result, the failures with the expected file's line, and a summary line.
#ifndef TALLY_GATE_CHECK_REPORTER_HPP
#define TALLY_GATE_CHECK_REPORTER_HPP

#include <ostream>
#include <string>

#include "core/reporter.hpp"
#include "gate/check.hpp"

namespace tally::gate {

/// What the check's reporters render: the verdicts, the expected file
/// whose lines the failures cite, and whether a WIN fails (--strict).
struct CheckOutput {
  const CheckReport& report;
  std::string expected_path;
  bool strict = false;
};

/// `console` only for now (`tally check` has no --format yet).
const Reporters<CheckOutput>& reporters();

}  // namespace tally::gate

#endif  // TALLY_GATE_CHECK_REPORTER_HPP

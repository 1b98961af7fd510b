// The console report of `tally check`: one row per expected row and result,
// the failures with the expected file's line, and a summary line.
#ifndef TALLY_GATE_CHECK_REPORTER_HPP
#define TALLY_GATE_CHECK_REPORTER_HPP

#include <ostream>
#include <string>

#include "gate/check.hpp"

namespace tally::gate {

void print_check(std::ostream& out, const CheckReport& report,
                 const std::string& expected_path, bool strict);

}  // namespace tally::gate

#endif  // TALLY_GATE_CHECK_REPORTER_HPP

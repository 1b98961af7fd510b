// The header of a callgrind profile, and the two `desc:` lines in which a
// profile tally keeps names its cell and metric.
#ifndef TALLY_PROFILE_PROFILE_HEADER_HPP
#define TALLY_PROFILE_PROFILE_HEADER_HPP

#include <string>
#include <vector>

namespace tally::profile {

struct ProfileHeader {
  std::string creator;  // "callgrind-3.19.0"
  std::string cmd;
  std::vector<std::string> desc;  // each `desc:` line without the key

  /// Names the profile's cell and metric: sets `cmd:` and replaces the
  /// `desc:` lines with "tally cell: CELL" and "tally metric: METRIC".
  void label(const std::string& cell, const std::string& metric);
  /// The cell and metric label() wrote; empty when there is none.
  std::string cell() const;
  std::string metric() const;
};

}  // namespace tally::profile

#endif  // TALLY_PROFILE_PROFILE_HEADER_HPP

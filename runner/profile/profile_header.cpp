#include "profile/profile_header.hpp"

namespace tally::profile {

namespace {

constexpr const char* kCellDesc = "tally cell: ";
constexpr const char* kMetricDesc = "tally metric: ";

std::string desc_value(const std::vector<std::string>& desc,
                       const std::string& prefix) {
  for (const std::string& d : desc)
    if (d.compare(0, prefix.size(), prefix) == 0)
      return d.substr(prefix.size());
  return "";
}

}  // namespace

void ProfileHeader::label(const std::string& cell, const std::string& metric) {
  cmd = "tally " + cell + " " + metric;
  desc = {kCellDesc + cell, kMetricDesc + metric};
}

std::string ProfileHeader::cell() const { return desc_value(desc, kCellDesc); }

std::string ProfileHeader::metric() const {
  return desc_value(desc, kMetricDesc);
}

}  // namespace tally::profile

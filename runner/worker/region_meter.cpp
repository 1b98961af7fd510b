#include "worker/region_meter.hpp"

#include <algorithm>
#include <stdexcept>

#include "worker/thread_census.hpp"

namespace tally {

std::map<std::string, std::uint64_t> RegionMeter::measure(
    Benchmark& benchmark) {
  counts_.clear();
  open_.clear();
  misuse_.clear();
  threads_.clear();
  profiles_.clear();
  counts_["total"] = 0;
  note_entry("total");
  counter_.resume();
  try {
    benchmark.work(*this);
  } catch (...) {
    counter_.pause();
    throw;
  }
  credit(counter_.pause());
  note_exit("total");
  if (!misuse_.empty()) throw std::logic_error(misuse_);
  for (const auto& [region, depth] : open_)
    if (depth > 0)
      throw std::logic_error("region '" + region +
                             "' was begun but never ended in work()");
  return counts_;
}

// Profile ids are recorded whether or not the counter keeps profiles, so
// that keeping them cannot change what the heap looks like to the next
// segment, and so its count.
void RegionMeter::credit(std::uint64_t count) {
  const int profile = counter_.last_profile();
  counts_["total"] += count;
  profiles_["total"].push_back(profile);
  for (const auto& [region, depth] : open_)
    if (depth > 0) {
      counts_[region] += count;
      profiles_[region].push_back(profile);
    }
}

// Both run while the counter is paused.
void RegionMeter::note_entry(const std::string& region) {
  entry_[region] = {threads_alive(), threads_started()};
}

void RegionMeter::note_exit(const std::string& region) {
  const auto& [alive, started] = entry_[region];
  const int ran = alive + static_cast<int>(threads_started() - started);
  threads_[region] = std::max(threads_[region], ran);
}

void RegionMeter::begin(std::string_view region) {
  credit(counter_.pause());
  auto it = std::find_if(open_.begin(), open_.end(),
                         [&](const auto& r) { return r.first == region; });
  if (it == open_.end()) {
    open_.emplace_back(std::string(region), 1);
    counts_.emplace(std::string(region), 0);
    note_entry(std::string(region));
  } else {
    if (it->second == 0) {
      counts_.emplace(it->first, 0);
      note_entry(it->first);
    }
    ++it->second;
  }
  counter_.resume();
}

void RegionMeter::end(std::string_view region) {
  credit(counter_.pause());
  auto it = std::find_if(open_.begin(), open_.end(),
                         [&](const auto& r) { return r.first == region; });
  if (it == open_.end() || it->second == 0) {
    if (misuse_.empty())
      misuse_ = "region '" + std::string(region) +
                "' was ended in work() without being begun";
  } else if (--it->second == 0) {
    note_exit(it->first);
  }
  counter_.resume();
}

}  // namespace tally

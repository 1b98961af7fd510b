// The Meter handed to work(): at every region edge it pauses the counter,
// credits what was counted to `total` and to every region open at the time,
// then resumes, so its own bookkeeping is never counted.
#ifndef TALLY_WORKER_REGION_METER_HPP
#define TALLY_WORKER_REGION_METER_HPP

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "counters/counter.hpp"
#include "tally/plugin.hpp"

namespace tally {

class RegionMeter final : public Meter {
 public:
  explicit RegionMeter(Counter& counter) : counter_(counter) {}

  /// Runs one work() and returns the count per region ("total" included).
  /// Regions never entered are absent.
  std::map<std::string, std::uint64_t> measure(Benchmark& benchmark);
  /// For the last measure(), per region entered: the most threads that
  /// could have run in it (alive at an entry, or started inside).
  const std::map<std::string, int>& threads() const { return threads_; }
  /// For the last measure(), per region entered: the counter's profile id
  /// (Counter::last_profile) of every segment credited to it.
  const std::map<std::string, std::vector<int>>& profiles() const {
    return profiles_;
  }

  void begin(std::string_view region) override;
  void end(std::string_view region) override;

 private:
  void credit(std::uint64_t count);
  void note_entry(const std::string& region);
  void note_exit(const std::string& region);

  Counter& counter_;
  std::vector<std::pair<std::string, int>> open_;  // region, nesting depth
  std::map<std::string, std::uint64_t> counts_;
  std::string misuse_;  // first unbalanced end(), reported after work()
  // Per open region: threads alive and threads started so far at its entry.
  std::map<std::string, std::pair<int, std::uint64_t>> entry_;
  std::map<std::string, int> threads_;
  std::map<std::string, std::vector<int>> profiles_;
};

}  // namespace tally

#endif  // TALLY_WORKER_REGION_METER_HPP

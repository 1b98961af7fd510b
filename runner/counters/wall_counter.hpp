// Wall-clock nanoseconds from the steady clock.
#ifndef TALLY_COUNTERS_WALL_COUNTER_HPP
#define TALLY_COUNTERS_WALL_COUNTER_HPP

#include <chrono>

#include "counters/counter.hpp"

namespace tally {

class WallCounter final : public Counter {
 public:
  std::string quantity() const override { return "wall_time_ns"; }
  void resume() override { start_ = std::chrono::steady_clock::now(); }
  std::uint64_t pause() override {
    auto elapsed = std::chrono::steady_clock::now() - start_;
    return std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed)
        .count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace tally

#endif  // TALLY_COUNTERS_WALL_COUNTER_HPP

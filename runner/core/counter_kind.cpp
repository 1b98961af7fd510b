#include "core/counter_kind.hpp"

namespace tally {

const char* to_string(CounterKind kind) {
  switch (kind) {
    case CounterKind::kWall:
      return "wall";
    case CounterKind::kPerf:
      return "perf";
    case CounterKind::kCallgrind:
      return "callgrind";
  }
  return "wall";
}

std::optional<CounterKind> parse_counter_kind(std::string_view word) {
  for (auto kind : {CounterKind::kWall, CounterKind::kPerf,
                    CounterKind::kCallgrind})
    if (word == to_string(kind)) return kind;
  return std::nullopt;
}

std::string counter_quantity(CounterKind kind) {
  return kind == CounterKind::kWall ? "wall_time_ns" : "instruction_count";
}

}  // namespace tally

// The counters a worker can measure with. Config files, the command line and
// results files spell them as words; inside, they are this enum.
#ifndef TALLY_CORE_COUNTER_KIND_HPP
#define TALLY_CORE_COUNTER_KIND_HPP

#include <optional>
#include <string>
#include <string_view>

namespace tally {

enum class CounterKind { kWall, kPerf, kCallgrind };

/// "wall", "perf" or "callgrind".
const char* to_string(CounterKind kind);
/// The kind named `word`; nullopt for anything else ("auto" included).
std::optional<CounterKind> parse_counter_kind(std::string_view word);
/// The metric suffix it measures: "wall_time_ns" or "instruction_count".
std::string counter_quantity(CounterKind kind);

}  // namespace tally

#endif  // TALLY_CORE_COUNTER_KIND_HPP

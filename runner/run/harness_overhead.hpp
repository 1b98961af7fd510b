// Measures what the harness itself counts for a counter: an empty work()
// and an empty region, in a worker started like the real ones.
#ifndef TALLY_RUN_HARNESS_OVERHEAD_HPP
#define TALLY_RUN_HARNESS_OVERHEAD_HPP

#include <nlohmann/json.hpp>
#include "core/counter_kind.hpp"

namespace tally {

/// {"counter", "quantity", "empty_work", "empty_region"} (minimum over 5
/// iterations), or {"counter", "error"} when it could not be measured.
nlohmann::json measure_harness_overhead(CounterKind counter);

}  // namespace tally

#endif  // TALLY_RUN_HARNESS_OVERHEAD_HPP

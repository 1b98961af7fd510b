// Worker side: sends one event line to the host on fd 4.
#ifndef TALLY_WORKER_WORKER_EVENTS_HPP
#define TALLY_WORKER_WORKER_EVENTS_HPP

#include <nlohmann/json.hpp>

namespace tally {

/// Writes `event` as one JSON line; exits the process if the host is gone.
void emit_event(const nlohmann::json& event);

}  // namespace tally

#endif  // TALLY_WORKER_WORKER_EVENTS_HPP

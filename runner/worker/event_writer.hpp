// Worker side: sends one event line to the host on fd 4.
#ifndef TALLY_WORKER_EVENT_WRITER_HPP
#define TALLY_WORKER_EVENT_WRITER_HPP

#include "protocol/messages.hpp"

namespace tally {

/// Writes `event` as one line; exits the process if the host is gone.
void emit(const WorkerEvent& event);

}  // namespace tally

#endif  // TALLY_WORKER_EVENT_WRITER_HPP

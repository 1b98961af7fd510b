#include "worker/worker_events.hpp"

#include <unistd.h>

#include <string>

#include "core/fd.hpp"
#include "worker/protocol.hpp"

namespace tally {

void emit_event(const nlohmann::json& event) {
  std::string line =
      event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
      "\n";
  if (write_fully(kWorkerEventsFd, line.data(), line.size()) != 0)
    ::_exit(3);  // the host is gone
}

}  // namespace tally

// Worker side: reads the job from fd 3, one line at a time, so that each
// forked cell process takes exactly its own cell and leaves the rest.
#ifndef TALLY_WORKER_JOB_READER_HPP
#define TALLY_WORKER_JOB_READER_HPP

#include <optional>

#include "protocol/messages.hpp"

namespace tally {

/// The job's first line; throws ProtocolError or std::runtime_error.
WorkerJob read_worker_job(int fd);
/// The next cell; nullopt at the end of the job. Throws like read_worker_job.
std::optional<CellJob> read_cell_job(int fd);

}  // namespace tally

#endif  // TALLY_WORKER_JOB_READER_HPP

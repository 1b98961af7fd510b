#include "worker/job_reader.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace tally {
namespace {

// One line, read a byte at a time so nothing after it is consumed; nullopt
// at EOF before any byte.
std::optional<std::string> read_line(int fd) {
  std::string line;
  for (;;) {
    char c;
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw std::runtime_error(std::string("cannot read the job: ") +
                               std::strerror(errno));
    if (n == 0) {
      if (line.empty()) return std::nullopt;
      throw std::runtime_error("the job's last line is cut short");
    }
    if (c == '\n') return line;
    line += c;
  }
}

}  // namespace

WorkerJob read_worker_job(int fd) {
  auto line = read_line(fd);
  if (!line) throw std::runtime_error("the job is empty");
  return decode_worker_job(*line);
}

std::optional<CellJob> read_cell_job(int fd) {
  auto line = read_line(fd);
  if (!line) return std::nullopt;
  return decode_cell_job(*line);
}

}  // namespace tally

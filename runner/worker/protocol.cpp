#include "worker/protocol.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "discovery/catalog.hpp"

namespace tally {

using nlohmann::json;

namespace {

json cell_to_json(const CellJob& c) {
  json params = json::object();
  for (const auto& [name, value] : c.cell.params.all())
    params[name] = to_json(value);
  return {{"index", c.index},          {"benchmark", c.benchmark},
          {"backend", c.cell.backend}, {"device", c.cell.device},
          {"dynamic", c.cell.dynamic}, {"threads", c.cell.threads},
          {"params", params},          {"iterations", c.iterations},
          {"regions", c.regions}};
}

CellJob cell_job_from_json(const json& c) {
  CellJob cell;
  cell.index = c.at("index").get<int>();
  cell.benchmark = c.at("benchmark").get<std::string>();
  cell.cell.backend = c.at("backend").get<std::string>();
  cell.cell.device = c.at("device").get<std::string>();
  cell.cell.dynamic = c.at("dynamic").get<bool>();
  cell.cell.threads = c.at("threads").get<int>();
  for (const auto& [name, value] : c.at("params").items()) {
    ParamValue v;
    from_json(value, v);
    cell.cell.params.set(name, v);
  }
  cell.iterations = c.at("iterations").get<int>();
  cell.regions = c.at("regions").get<std::vector<std::string>>();
  return cell;
}

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

std::string encode_worker_job(const WorkerJob& job) {
  std::string text = json{{"mode", job.mode},
                          {"plugins", job.plugins},
                          {"counter", job.counter}}
                         .dump() +
                     "\n";
  for (const auto& cell : job.cells) text += cell_to_json(cell).dump() + "\n";
  return text;
}

WorkerJob read_worker_job(int fd) {
  auto line = read_line(fd);
  if (!line) throw std::runtime_error("the job is empty");
  json j = json::parse(*line);
  WorkerJob job;
  job.mode = j.at("mode").get<std::string>();
  job.plugins = j.at("plugins").get<std::vector<std::string>>();
  job.counter = j.at("counter").get<std::string>();
  return job;
}

std::optional<CellJob> read_cell_job(int fd) {
  auto line = read_line(fd);
  if (!line) return std::nullopt;
  return cell_job_from_json(json::parse(*line));
}

}  // namespace tally

#include "worker/protocol.hpp"

#include "discovery/catalog.hpp"

namespace tally {

using nlohmann::json;

json to_json(const WorkerJob& job) {
  json cells = json::array();
  for (const auto& c : job.cells) {
    json params = json::object();
    for (const auto& [name, value] : c.cell.params.all())
      params[name] = to_json(value);
    cells.push_back({{"index", c.index},
                     {"benchmark", c.benchmark},
                     {"backend", c.cell.backend},
                     {"device", c.cell.device},
                     {"dynamic", c.cell.dynamic},
                     {"threads", c.cell.threads},
                     {"params", params},
                     {"iterations", c.iterations},
                     {"regions", c.regions}});
  }
  return {{"mode", job.mode},
          {"plugins", job.plugins},
          {"counter", job.counter},
          {"cells", cells}};
}

WorkerJob worker_job_from_json(const json& j) {
  WorkerJob job;
  job.mode = j.at("mode").get<std::string>();
  job.plugins = j.at("plugins").get<std::vector<std::string>>();
  job.counter = j.at("counter").get<std::string>();
  for (const auto& c : j.at("cells")) {
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
    job.cells.push_back(std::move(cell));
  }
  return job;
}

}  // namespace tally

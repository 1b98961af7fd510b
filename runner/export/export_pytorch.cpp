// The records of PyTorch's OSS benchmark database (schema v3): per cell and
// metric {benchmark, model, metric, runners}, as pr_time_benchmarks and
// the dashboards at hud.pytorch.org upload them.
#include "export/exporter.hpp"

namespace tally::exporters {

namespace {

using nlohmann::json;

json value_or_null(const json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? json(nullptr) : *it;
}

json runner_of(const json& m) {
  const json env = m.value("environment", json::object());
  const json cpu = env.value("cpu", json::object());
  return {{"name", value_or_null(m, "host")},
          {"type", value_or_null(m, "counter")},
          {"cpu_info", value_or_null(m, "cpu")},
          {"cpu_count", value_or_null(cpu, "online")},
          {"extra_info",
           {{"kernel", value_or_null(m, "kernel")},
            {"compiler", value_or_null(m, "compiler")},
            {"libtorch_version", value_or_null(m, "libtorch_version")},
            {"valgrind_version", value_or_null(m, "valgrind_version")},
            {"environment", env}}}};
}

class PytorchExporter : public Exporter {
 public:
  std::string name() const override { return "pytorch"; }
  std::string description() const override {
    return "PyTorch OSS benchmark database records (v3): benchmark, model, "
           "metric with every sample, runners";
  }
  json convert(const Results& results) const override {
    const json& m = results.metadata;
    const json runners = json::array({runner_of(m)});
    json records = json::array();
    for (const ResultRow& row : results.rows) {
      records.push_back(
          {{"benchmark",
            {{"name", "tally"},
             {"mode", "inference"},
             {"extra_info",
              {{"counter", row.counter},
               {"git_commit", value_or_null(m, "git_commit")},
               {"start_time", value_or_null(m, "start_time")}}}}},
           {"model", {{"name", row.name}, {"type", "tally-cell"}}},
           {"metric",
            {{"name", row.metric},
             {"benchmark_values", row.samples.empty() ? json::array({row.value})
                                                      : json(row.samples)},
             {"target_value", nullptr},
             {"extra_info", {{"reported", "min"}, {"min", row.value}}}}},
           {"runners", runners}});
    }
    return records;
  }
};

}  // namespace

std::unique_ptr<Exporter> make_pytorch_exporter() {
  return std::make_unique<PytorchExporter>();
}

}  // namespace tally::exporters

#include "core/error.hpp"
#include "export/exporter.hpp"

namespace tally::exporters {

// An explicit list rather than self-registering statics: tally_core is a
// static library, and the linker drops objects nothing refers to.
const std::vector<std::unique_ptr<Exporter>>& all() {
  static const std::vector<std::unique_ptr<Exporter>> list = [] {
    std::vector<std::unique_ptr<Exporter>> v;
    v.push_back(make_gbench_exporter());
    v.push_back(make_bencher_exporter());
    v.push_back(make_pytorch_exporter());
    return v;
  }();
  return list;
}

const Exporter& find_exporter(const std::string& name) {
  std::string known;
  for (const auto& e : all()) {
    if (e->name() == name) return *e;
    known += (known.empty() ? "" : ", ") + e->name();
  }
  throw Error("--format must be one of " + known + ", got '" + name + "'",
              ExitCode::kUsage);
}

bool is_instruction_metric(const std::string& metric) {
  const std::string suffix = "instruction_count";
  return metric.size() >= suffix.size() &&
         metric.compare(metric.size() - suffix.size(), suffix.size(), suffix) ==
             0;
}

}  // namespace tally::exporters

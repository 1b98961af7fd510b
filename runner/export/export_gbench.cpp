// Google Benchmark's JSON (`--benchmark_format=json`): a `context` block and
// a `benchmarks` array with one `iteration` entry per repetition (tally's
// samples) and mean/median/stddev aggregates, so Google Benchmark's
// compare.py reads it and runs its U test over the repetitions.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "export/exporter.hpp"

namespace tally::exporters {

namespace {

using nlohmann::json;

std::string meta_string(const json& m, const char* key) {
  auto it = m.find(key);
  return it != m.end() && it->is_string() ? it->get<std::string>() : "";
}

json context_of(const Results& results) {
  const json& m = results.metadata;
  const json env = m.value("environment", json::object());
  const json cpu = env.value("cpu", json::object());
  const json freq = env.value("cpufreq", json::object());
  std::string build = env.value("build_type", std::string("unknown"));
  std::transform(build.begin(), build.end(), build.begin(), ::tolower);
  return {{"date", meta_string(m, "start_time")},
          {"host_name", meta_string(m, "host")},
          {"executable", "tally"},
          {"num_cpus", cpu.value("online", 0)},
          {"mhz_per_cpu", 0},
          {"cpu_scaling_enabled",
           freq.value("governor", json()) != json("performance")},
          {"caches", json::array()},
          {"library_build_type", build},
          {"tally", m}};
}

// One benchmark entry; a count travels in real_time and cpu_time, the only
// fields compare.py compares, and as the user counter `instructions`.
json entry(const ResultRow& row, int family, const std::string& run_type,
           double value, int repetitions) {
  const std::string name = row.name + "/" + row.metric;
  json e = {{"name", name},
            {"family_index", family},
            {"per_family_instance_index", 0},
            {"run_name", name},
            {"run_type", run_type},
            {"repetitions", repetitions},
            {"threads", 1},
            {"iterations", 1},
            {"real_time", value},
            {"cpu_time", value},
            {"time_unit", "ns"},
            {"tally_cell", row.name},
            {"tally_metric", row.metric},
            {"tally_counter", row.counter}};
  if (is_instruction_metric(row.metric)) e["instructions"] = value;
  return e;
}

void add_aggregates(json& out, const ResultRow& row, int family,
                    const std::vector<double>& samples) {
  const double n = static_cast<double>(samples.size());
  const double mean = std::accumulate(samples.begin(), samples.end(), 0.0) / n;
  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  const std::size_t mid = sorted.size() / 2;
  const double median =
      sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  double squares = 0;
  for (double v : samples) squares += (v - mean) * (v - mean);
  const double stddev = samples.size() > 1 ? std::sqrt(squares / (n - 1)) : 0;
  const int reps = static_cast<int>(samples.size());
  for (const auto& [aggregate, value] :
       {std::pair<const char*, double>{"mean", mean},
        {"median", median},
        {"stddev", stddev}}) {
    json e = entry(row, family, "aggregate", value, reps);
    e["name"] = row.name + "/" + row.metric + "_" + aggregate;
    e["aggregate_name"] = aggregate;
    out.push_back(e);
  }
}

class GbenchExporter : public Exporter {
 public:
  std::string name() const override { return "gbench-json"; }
  std::string description() const override {
    return "Google Benchmark JSON (compare.py reads it): one benchmark "
           "CELL/METRIC per row, a repetition per sample";
  }
  json convert(const Results& results) const override {
    json benchmarks = json::array();
    int family = 0;
    for (const ResultRow& row : results.rows) {
      const std::vector<double> samples =
          row.samples.empty() ? std::vector<double>{row.value} : row.samples;
      const int reps = static_cast<int>(samples.size());
      for (int i = 0; i < reps; ++i) {
        json e = entry(row, family, "iteration",
                       samples[static_cast<std::size_t>(i)], reps);
        e["repetition_index"] = i;
        benchmarks.push_back(e);
      }
      if (reps > 1) add_aggregates(benchmarks, row, family, samples);
      ++family;
    }
    return {{"context", context_of(results)}, {"benchmarks", benchmarks}};
  }
};

}  // namespace

std::unique_ptr<Exporter> make_gbench_exporter() {
  return std::make_unique<GbenchExporter>();
}

}  // namespace tally::exporters

// `tally export`: a run's results in another tool's format. One Exporter
// per format, each in its own export_<format>.cpp, found by name in one
// registry (as Catch2 finds its reporters).
#ifndef TALLY_EXPORT_EXPORTER_HPP
#define TALLY_EXPORT_EXPORTER_HPP

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "results/results_reader.hpp"

namespace tally::exporters {

class Exporter {
 public:
  virtual ~Exporter() = default;
  virtual std::string name() const = 0;         // the --format value
  virtual std::string description() const = 0;  // one line, for --help
  /// The whole document; `results` as read_results returns it.
  virtual nlohmann::json convert(const Results& results) const = 0;
};

std::unique_ptr<Exporter> make_gbench_exporter();
std::unique_ptr<Exporter> make_bencher_exporter();
std::unique_ptr<Exporter> make_pytorch_exporter();

/// Every format, in the order --help lists them.
const std::vector<std::unique_ptr<Exporter>>& all();

/// The exporter of that name; throws tally::Error(kUsage) listing the
/// formats when there is none.
const Exporter& find_exporter(const std::string& name);

/// True for a metric counted in instructions rather than nanoseconds.
bool is_instruction_metric(const std::string& metric);

}  // namespace tally::exporters

#endif  // TALLY_EXPORT_EXPORTER_HPP

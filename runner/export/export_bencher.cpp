// Bencher's Metric Format (BMF): {benchmark: {measure: {value, lower_value,
// upper_value}}}, for `bencher run --adapter json`. The value is tally's
// reported minimum, the bounds the least and largest sample.
#include <algorithm>

#include "export/exporter.hpp"

namespace tally::exporters {

namespace {

using nlohmann::json;

// Bencher names measures by slug: lower case with hyphens.
std::string measure_slug(const std::string& metric) {
  std::string slug = metric;
  std::replace(slug.begin(), slug.end(), '_', '-');
  return slug;
}

class BencherExporter : public Exporter {
 public:
  std::string name() const override { return "bencher"; }
  std::string description() const override {
    return "Bencher Metric Format: a measure per metric, value = minimum, "
           "bounds = least and largest sample";
  }
  json convert(const Results& results) const override {
    json out = json::object();
    for (const ResultRow& row : results.rows) {
      json measure = {{"value", row.value}};
      if (!row.samples.empty()) {
        const auto [low, high] =
            std::minmax_element(row.samples.begin(), row.samples.end());
        measure["lower_value"] = *low;
        measure["upper_value"] = *high;
      }
      out[row.name][measure_slug(row.metric)] = measure;
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<Exporter> make_bencher_exporter() {
  return std::make_unique<BencherExporter>();
}

}  // namespace tally::exporters

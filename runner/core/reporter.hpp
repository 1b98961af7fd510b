// One interface for the console, markdown and JSON renderings of every
// report (check, compare, explain, history), as Google Benchmark's
// BenchmarkReporter and Catch2's reporters: a class per format, registered
// by name, chosen by --format.
#ifndef TALLY_CORE_REPORTER_HPP
#define TALLY_CORE_REPORTER_HPP

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"

namespace tally {

/// Renders one kind of report (`Report`) in one format.
template <class Report>
class Reporter {
 public:
  virtual ~Reporter() = default;
  /// The name --format takes: "console", "markdown", "json".
  virtual std::string name() const = 0;
  virtual void report(std::ostream& out, const Report& report) const = 0;
};

/// The formats of one kind of report, in the order --help lists them. Each
/// folder builds its list explicitly rather than from self-registering
/// statics: tally_core is a static library, and the linker drops objects
/// nothing refers to.
template <class Report>
class Reporters {
 public:
  Reporters& add(std::unique_ptr<Reporter<Report>> reporter) {
    list_.push_back(std::move(reporter));
    return *this;
  }

  std::vector<std::string> names() const {
    std::vector<std::string> names;
    for (const auto& r : list_) names.push_back(r->name());
    return names;
  }

  /// The reporter named `format`; throws tally::Error(kUsage) "--format
  /// must be console, markdown or json, got 'x'", listing the registered
  /// names.
  const Reporter<Report>& find(const std::string& format) const {
    for (const auto& r : list_)
      if (r->name() == format) return *r;
    throw Error(
        "--format must be " + one_of(names()) + ", got '" + format + "'",
        ExitCode::kUsage);
  }

 private:
  std::vector<std::unique_ptr<Reporter<Report>>> list_;
};

}  // namespace tally

#endif  // TALLY_CORE_REPORTER_HPP

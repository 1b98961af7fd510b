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

/// A format that is one rendering function, which is what most are.
template <class Report>
class FunctionReporter final : public Reporter<Report> {
 public:
  using Render = void (*)(std::ostream&, const Report&);
  FunctionReporter(std::string name, Render render)
      : name_(std::move(name)), render_(render) {}
  std::string name() const override { return name_; }
  void report(std::ostream& out, const Report& report) const override {
    render_(out, report);
  }

 private:
  std::string name_;
  Render render_;
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
  Reporters& add(std::string name,
                 typename FunctionReporter<Report>::Render render) {
    return add(std::make_unique<FunctionReporter<Report>>(std::move(name),
                                                          render));
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

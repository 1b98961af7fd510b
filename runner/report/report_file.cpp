#include "report/report_file.hpp"

#include "report/run_page.hpp"
#include "results/output_files.hpp"

namespace tally::report {

std::string write_run_report(const RunResults& run, const std::string& dir) {
  const std::string path = dir + "/report.html";
  // Atomic, so a page open in a browser or taken as a CI artifact is never
  // half written.
  write_file_atomically(path, run_page(run));
  return path;
}

}  // namespace tally::report

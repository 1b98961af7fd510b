#include "report/run_data.hpp"

#include "results/run_path.hpp"

namespace tally::report {

RunResults read_run(const std::string& path) {
  return read_run_results(
      resolve_run_path(path, {{RunFile::kResultsJson}, "a run page"}).file);
}

}  // namespace tally::report

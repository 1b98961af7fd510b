#include "report/run_data.hpp"

#include <sys/stat.h>

#include "core/error.hpp"

namespace tally::report {

namespace {

std::string results_json_of(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0)
    throw Error(path +
                    ": no such results folder or file (give a folder "
                    "that `tally run --out` wrote)",
                ExitCode::kIoError);
  if (!S_ISDIR(st.st_mode)) {
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0)
      throw Error(path +
                      ": a run page needs results.json (a CSV has no "
                      "samples or metadata); give the results folder",
                  ExitCode::kBadInput);
    return path;
  }
  const std::string json = path + "/results.json";
  if (::stat(json.c_str(), &st) != 0)
    throw Error(json + ": not found; is " + path +
                    " a results folder? An interrupted run has none until "
                    "`tally run --resume " +
                    path + "`",
                ExitCode::kIoError);
  return json;
}

}  // namespace

RunResults read_run(const std::string& path) {
  return read_run_results(results_json_of(path));
}

}  // namespace tally::report

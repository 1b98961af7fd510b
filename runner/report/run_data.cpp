#include "report/run_data.hpp"

#include <sys/stat.h>

#include "aggregate/text.hpp"
#include "core/error.hpp"
#include "core/json_errors.hpp"
#include "results/results_format.hpp"

namespace tally::report {

namespace {

std::string results_json_of(const std::string& path) {
  struct stat st {};
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

RunData read_run(const std::string& path) {
  RunData run;
  run.results_json = results_json_of(path);
  const std::string text = aggregate::read_file(run.results_json);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw Error(run.results_json + ": not a tally results.json (" +
                    json_error_text(text, e) + ")",
                ExitCode::kBadInput);
  }
  check_results_format(doc, run.results_json);
  if (!doc.is_object() || !doc.contains("cells") || !doc["cells"].is_array())
    throw Error(
        run.results_json + ": not a tally results.json (no \"cells\" array)",
        ExitCode::kBadInput);
  if (doc.contains("metadata") && doc["metadata"].is_object())
    run.metadata = doc["metadata"];
  const nlohmann::json& cells = doc["cells"];
  for (std::size_t i = 0; i < cells.size(); ++i) {
    try {
      run.cells.push_back(cell_result_from_json(cells[i]));
    } catch (const std::exception& e) {
      throw Error(
          run.results_json + ": cells[" + std::to_string(i) + "]: " + e.what(),
          ExitCode::kBadInput);
    }
  }
  return run;
}

}  // namespace tally::report

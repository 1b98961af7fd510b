#include "results/run_results.hpp"

#include <map>

#include "core/error.hpp"
#include "core/json_errors.hpp"
#include "core/text.hpp"

namespace tally {

using nlohmann::json;

std::string RunResults::counter() const {
  const auto it = metadata.find("counter");
  return it != metadata.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string results_json_text(const RunResults& run) {
  json cells = json::array();
  for (const auto& r : run.cells) cells.push_back(to_json(r));
  const json doc = {{"format_version", kResultsFormatVersion},
                    {"metadata", run.metadata},
                    {"cells", cells}};
  // A plugin's output_tail may hold bytes that are not UTF-8.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

RunResults run_results_from_json(const json& doc, const std::string& path) {
  check_results_format(doc, path);
  if (!doc.is_object()) throw bad_input(path, "the top level is not an object");
  RunResults run;
  run.path = path;
  if (const auto m = doc.find("metadata"); m != doc.end()) {
    if (!m->is_object()) throw bad_input(path, "\"metadata\" is not an object");
    run.metadata = *m;
  }
  const auto cells = doc.find("cells");
  if (cells == doc.end() || !cells->is_array())
    throw bad_input(path, "no \"cells\" array");
  std::map<std::string, std::string> seen;  // cell name -> where
  for (std::size_t i = 0; i < cells->size(); ++i) {
    const std::string where = path + ": cells[" + std::to_string(i) + "]";
    CellResult cell = cell_result_from_json((*cells)[i], where);
    if (auto [it, added] = seen.emplace(cell.name, where); !added)
      throw bad_input(where, "duplicate cell " + cell.name + " (first at " +
                                 it->second + ")");
    run.cells.push_back(std::move(cell));
  }
  return run;
}

RunResults read_run_results(const std::string& path) {
  return run_results_from_json(parse_json_text(read_file(path), path), path);
}

}  // namespace tally

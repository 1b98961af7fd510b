#include "gate/name_map.hpp"

#include <set>
#include <utility>

#include "core/error.hpp"
#include "core/paths.hpp"
#include "core/text.hpp"

namespace tally::gate {

namespace {

constexpr const char* kPytorch = "pytorch";
constexpr const char* kPytorchFile = "pytorch_names.csv";

Error name_map_error(const std::string& path, int line,
                     const std::string& message) {
  return Error(path + ":" + std::to_string(line) + ": " + message,
               ExitCode::kBadInput);
}

}  // namespace

NameMap read_name_map(const std::string& spec) {
  NameMap map;
  map.path = spec == kPytorch ? shipped_config_path(kPytorchFile) : spec;
  const auto lines = split_lines_keep_endings(read_file(map.path));
  std::map<std::string, int> first_line, target_line;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int line_no = static_cast<int>(i + 1);
    const std::string line = trim(strip_ending(lines[i]));
    if (line.empty() || line[0] == '#') continue;
    const auto fields = split_fields(line);
    if (fields.size() != 2 || trim(fields[0]).empty() ||
        trim(fields[1]).empty())
      throw name_map_error(
          map.path, line_no,
          "expected tally_name,other_name, found '" + line + "'");
    const std::string from = trim(fields[0]), to = trim(fields[1]);
    // A name mapped twice would make check compare one row with two results.
    if (auto [it, ok] = first_line.emplace(from, line_no); !ok)
      throw name_map_error(
          map.path, line_no,
          from + " is already mapped at line " + std::to_string(it->second));
    if (auto [it, ok] = target_line.emplace(to, line_no); !ok)
      throw name_map_error(
          map.path, line_no,
          to + " is already the name of line " + std::to_string(it->second));
    map.names.emplace(from, to);
  }
  return map;
}

Results rename_results(const Results& results, const NameMap& map,
                       std::vector<std::string>& left_out) {
  Results out;
  out.path = results.path;
  out.metadata = results.metadata;
  std::set<std::string> seen;
  // Renames `item` in place; false (and listed once) when it has no
  // counterpart.
  auto renamed = [&](auto& item) {
    auto it = map.names.find(item.name);
    if (it != map.names.end()) {
      item.name = it->second;
      return true;
    }
    if (seen.insert(item.name).second) left_out.push_back(item.name);
    return false;
  };
  for (ResultRow row : results.rows)
    if (renamed(row)) out.add(std::move(row));
  for (CellOutcome cell : results.no_metrics)
    if (renamed(cell)) out.no_metrics.push_back(std::move(cell));
  return out;
}

}  // namespace tally::gate

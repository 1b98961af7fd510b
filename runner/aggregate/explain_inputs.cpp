#include "aggregate/explain_inputs.hpp"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "aggregate/text.hpp"
#include "core/error.hpp"
#include "core/json_errors.hpp"
#include "core/name_filter.hpp"
#include "profile/callgrind_reader.hpp"
#include "results/results_format.hpp"

namespace tally::aggregate {

namespace fs = boost::filesystem;
using nlohmann::json;

namespace {

Error bad(const std::string& where, const std::string& message) {
  return Error(where + ": " + message, ExitCode::kBadInput);
}

void read_cell(const json& cell, const std::string& where, const fs::path& dir,
               ProfiledRun& run) {
  if (!cell.is_object() || !cell.contains("name") || !cell["name"].is_string())
    throw bad(where, "a cell without a \"name\"");
  const std::string name = cell["name"].get<std::string>();
  run.cells.push_back(name);
  auto metrics = cell.find("metrics");
  if (metrics == cell.end()) return;
  if (!metrics->is_object()) throw bad(where, "\"metrics\" is not an object");
  for (const auto& [metric, stats] : metrics->items()) {
    if (!stats.is_object())
      throw bad(where + ".metrics." + metric, "not an object");
    auto profile = stats.find("profile");
    if (profile == stats.end() || profile->is_null()) continue;
    const std::string at = where + ".metrics." + metric + ".profile";
    if (!profile->is_string() || profile->get<std::string>().empty())
      throw bad(at, "not a path");
    const fs::path relative(profile->get<std::string>());
    if (relative.is_absolute())
      throw bad(at, "not relative to the results folder");
    run.profiles[{name, metric}] = (dir / relative).string();
  }
}

}  // namespace

ProfiledRun read_profiled_run(const std::string& dir) {
  boost::system::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw Error(dir + ": no such results folder", ExitCode::kIoError);
  ProfiledRun run;
  run.results_json = (fs::path(dir) / "results.json").string();
  if (!fs::exists(run.results_json, ec))
    throw Error(run.results_json + ": no such file (not a results folder)",
                ExitCode::kIoError);
  json doc;
  const std::string text = read_file(run.results_json);
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw bad(run.results_json, json_error_text(text, e));
  }
  check_results_format(doc, run.results_json);
  if (!doc.is_object() || !doc.contains("cells") || !doc["cells"].is_array())
    throw bad(run.results_json, "no \"cells\" array");
  auto metadata = doc.find("metadata");
  if (metadata != doc.end() && metadata->is_object() &&
      metadata->contains("counter") && (*metadata)["counter"].is_string())
    run.counter = (*metadata)["counter"].get<std::string>();
  const json& cells = doc["cells"];
  for (std::size_t i = 0; i < cells.size(); ++i)
    read_cell(cells[i], run.results_json + ": cells[" + std::to_string(i) + "]",
              fs::path(dir), run);
  return run;
}

std::vector<ProfilePair> profile_pairs(const ProfiledRun& base,
                                       const ProfiledRun& now,
                                       const std::string& filter,
                                       const std::string& metric) {
  if (!base.counter.empty() && !now.counter.empty() &&
      base.counter != now.counter)
    throw Error(base.results_json + " was measured with the " + base.counter +
                    " counter, " + now.results_json + " with " + now.counter +
                    ": explain needs two callgrind runs",
                ExitCode::kNoProfiles);
  for (const ProfiledRun* run : {&base, &now})
    if (run->profiles.empty())
      throw Error(run->results_json +
                      ": no profiles; run with `--counter callgrind` and "
                      "`--profiles min` to keep them",
                  ExitCode::kNoProfiles);
  const NameFilter* keep = nullptr;
  std::optional<NameFilter> compiled;
  if (!filter.empty()) keep = &compiled.emplace(filter);
  std::vector<ProfilePair> pairs;
  for (const auto& [key, base_path] : base.profiles) {
    auto other = now.profiles.find(key);
    if (other == now.profiles.end() || (keep && !keep->matches(key.first)) ||
        (!metric.empty() && key.second != metric))
      continue;
    pairs.push_back({key.first, key.second, base_path, other->second});
  }
  if (pairs.empty())
    throw Error(
        "no cell" + (filter.empty() ? "" : " matching '" + filter + "'") +
            " has a profile of " + (metric.empty() ? "any metric" : metric) +
            " in both " + base.results_json + " and " + now.results_json,
        ExitCode::kNoProfiles);
  // In BASE's cell order, as results.json and every other report list them.
  std::map<std::string, std::size_t> order;
  for (std::size_t i = 0; i < base.cells.size(); ++i)
    order.emplace(base.cells[i], i);
  std::stable_sort(pairs.begin(), pairs.end(),
                   [&](const ProfilePair& a, const ProfilePair& b) {
                     return order.at(a.cell) < order.at(b.cell);
                   });
  return pairs;
}

void stream_cell_profile(const std::string& path, const std::string& cell,
                         const std::string& metric,
                         profile::ProfileSink& sink) {
  boost::system::error_code ec;
  if (!fs::exists(path, ec))
    throw Error(
        path + ": no such profile (listed for " + cell + " " + metric + ")",
        ExitCode::kIoError);
  const profile::ProfileHeader labels = profile::stream_callgrind(path, sink);
  if (labels.cell().empty())
    throw bad(path,
              "names no cell: not a profile tally wrote (no 'desc: "
              "tally cell:' line)");
  if (labels.cell() != cell || labels.metric() != metric)
    throw bad(path, "is the profile of " + labels.cell() + " " +
                        labels.metric() + ", but results.json lists it for " +
                        cell + " " + metric);
}

}  // namespace tally::aggregate

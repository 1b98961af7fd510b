#include "explain/explain_inputs.hpp"

#include <algorithm>
#include <boost/filesystem.hpp>
#include <optional>

#include "core/error.hpp"
#include "core/name_filter.hpp"
#include "profile/callgrind_reader.hpp"
#include "results/run_path.hpp"
#include "results/run_results.hpp"

namespace tally::explain {

namespace fs = boost::filesystem;

namespace {

Error bad(const std::string& where, const std::string& message) {
  return Error(where + ": " + message, ExitCode::kBadInput);
}

}  // namespace

ProfiledRun read_profiled_run(const std::string& dir) {
  ProfiledRun run;
  run.results_json =
      resolve_run_path(dir, {{RunFile::kResultsJson}, "tally explain", false})
          .file;
  const RunResults results = read_run_results(run.results_json);
  run.counter = results.counter();
  for (const CellResult& cell : results.cells) {
    run.cells.push_back(cell.name);
    for (const auto& [metric, stats] : cell.metrics)
      if (!stats.profile.empty())
        run.profiles[{cell.name, metric}] =
            (fs::path(dir) / stats.profile).string();
  }
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

}  // namespace tally::explain

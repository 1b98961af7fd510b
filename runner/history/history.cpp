#include "history/history.hpp"

#include <boost/filesystem.hpp>
#include <regex>

#include "core/error.hpp"
#include "results/results_reader.hpp"

namespace tally::history {

AddSummary add_to_history(const std::string& results_path,
                          const std::string& db_path) {
  return add_to_history(read_results(results_path), db_path);
}

AddSummary add_to_history(const Results& results, const std::string& db_path) {
  HistoryDb db(db_path, /*create=*/true);
  AddSummary summary;
  summary.run_id = db.add_run(results);
  summary.source = results.path;
  summary.values = results.rows.size();
  summary.no_metrics = results.no_metrics.size();
  return summary;
}

void history_add(const std::string& results_path, const std::string& db_path) {
  add_to_history(results_path, db_path);
}

std::string newest_results_on_disk(const std::string& db_path) {
  namespace fs = boost::filesystem;
  auto runs = HistoryDb(db_path, false).runs();
  for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
    std::string source = run->source;
    if (fs::is_directory(source)) source += "/results.json";
    if (source.size() > 5 && source.substr(source.size() - 5) == ".json" &&
        fs::exists(source))
      return source;
  }
  throw Error("no run in history " + db_path +
                  " has its results.json on disk any more, so it gives no "
                  "cell times; pass --costs RESULTS_DIR instead",
              ExitCode::kBadInput);
}

namespace {

std::regex compile(const std::string& pattern, const char* flag) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    throw Error(std::string(flag) + " '" + pattern +
                    "' is not a valid regular expression: " + e.what(),
                ExitCode::kUsage);
  }
}

// Runs stored with their metadata, each against the one stored before it.
std::vector<EnvironmentChange> environment_changes(HistoryDb& db) {
  std::vector<EnvironmentChange> out;
  const auto metadata = db.run_metadata();
  const nlohmann::json* previous = nullptr;
  std::int64_t previous_id = 0;
  for (const auto& [id, m] : metadata) {
    if (previous) {
      auto differences = compare::environment_differences(*previous, m);
      if (!differences.empty())
        out.push_back({id, previous_id, std::move(differences)});
    }
    previous = &m;
    previous_id = id;
  }
  return out;
}

}  // namespace

HistoryView load_history(const std::string& db_path,
                         const ShowOptions& options) {
  const std::regex name_re = compile(options.name_regex, "--filter");
  const std::regex metric_re = compile(options.metric_regex, "--metric");
  HistoryDb db(db_path, /*create=*/false);
  HistoryView view;
  view.db_path = db_path;
  view.options = options;
  view.runs = db.runs();
  auto keep = [&](const std::string& name, const std::string& metric) {
    return std::regex_search(name, name_re) &&
           std::regex_search(metric, metric_re);
  };
  for (Series& s : db.series(keep)) {
    SeriesView sv;
    std::vector<double> values;
    std::vector<std::size_t> point_of_value;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      if (!s.points[i].value) continue;
      values.push_back(*s.points[i].value);
      point_of_value.push_back(i);
    }
    const ChangeReport changes =
        detect_changes(values, options.margin_pct / 100, options.min_runs);
    sv.kinds.assign(s.points.size(), PointKind::kNormal);
    for (std::size_t v = 0; v < values.size(); ++v) {
      sv.kinds[point_of_value[v]] = changes.kinds[v];
    }
    for (const Step& step : changes.steps) {
      sv.steps.push_back({s.points[point_of_value[step.index]].run_id, step});
    }
    sv.band = learn_threshold(values, options.window, options.floor_pct);
    sv.series = std::move(s);
    view.series.push_back(std::move(sv));
  }
  view.environment_changes = environment_changes(db);
  return view;
}

}  // namespace tally::history

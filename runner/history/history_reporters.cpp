#include "history/history_reporters.hpp"

#include <cstdio>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/table.hpp"
#include "core/text.hpp"

namespace tally::history {

namespace {

using nlohmann::json;

std::string or_dash(const std::optional<std::string>& s, std::size_t max = 0) {
  if (!s || s->empty()) return "-";
  return max > 0 ? s->substr(0, max) : *s;
}

/// When the run was measured; when it was added if the file did not say.
std::string when(const RunInfo& r) { return r.start_time.value_or(r.added_at); }

std::string margin_text(const ShowOptions& o) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "margin ±%.2f%%, lasting at least %d run(s)",
                o.margin_pct, o.min_runs);
  return buf;
}

json optional_json(const std::optional<std::string>& s) {
  return s ? json(*s) : json(nullptr);
}

}  // namespace

namespace {

// The learned noise band, as check --thresholds-from-history would use it.
std::string band_text(const LearnedThreshold& band) {
  if (!band.threshold_pct) return "(noise band: " + band.why_not + ")";
  char buf[96];
  std::snprintf(buf, sizeof buf, "(noise band ±%.3g%% from %d runs)",
                *band.threshold_pct, band.runs);
  return buf;
}

json band_json(const LearnedThreshold& band) {
  return {{"threshold_pct",
           band.threshold_pct ? json(*band.threshold_pct) : json(nullptr)},
          {"runs", band.runs},
          {"why_not", band.why_not}};
}

void print_history_console(std::ostream& out, const HistoryView& view) {
  out << "history: " << view.db_path << ": " << view.runs.size()
      << " run(s)\n\n";
  using A = Table::Align;
  Table runs({{"run", A::kRight},
              {"time"},
              {"commit"},
              {"libtorch"},
              {"counter"},
              {"host"},
              {"cpu"}});
  std::map<std::int64_t, const RunInfo*> by_id;
  for (const RunInfo& r : view.runs) {
    by_id[r.id] = &r;
    runs.add_row({std::to_string(r.id), when(r), or_dash(r.git_commit, 12),
                  or_dash(r.libtorch_version), or_dash(r.counter),
                  or_dash(r.host), or_dash(r.cpu)});
  }
  runs.print(out);

  for (const EnvironmentChange& c : view.environment_changes) {
    out << "\nrun " << c.run_id << ": ";
    compare::print_environment_differences(
        out, c.differences, "run " + std::to_string(c.previous_run_id),
        "run " + std::to_string(c.run_id));
  }

  std::size_t step_count = 0;
  for (const SeriesView& sv : view.series) {
    out << "\n"
        << sv.series.name << "  " << sv.series.metric << "  "
        << band_text(sv.band) << "\n";
    Table t({{"run", A::kRight},
             {"value", A::kRight},
             {"vs prev", A::kRight},
             {""}});
    std::optional<double> prev;
    std::size_t step_index = 0;
    for (std::size_t i = 0; i < sv.series.points.size(); ++i) {
      const Point& p = sv.series.points[i];
      if (!p.value) {
        t.add_row(
            {std::to_string(p.run_id), p.status, "", p.reason.substr(0, 60)});
        continue;
      }
      std::string mark;
      switch (sv.kinds[i]) {
        case PointKind::kStep: {
          const Step& s = sv.steps[step_index++].step;
          mark = "<< STEP " + format_pct(s.change_pct) + " from " +
                 format_value(s.from) + " to " + format_value(s.to);
          break;
        }
        case PointKind::kOutlier:
          mark = "outlier";
          break;
        case PointKind::kPending:
          mark = "moved; a step if the next run confirms it";
          break;
        case PointKind::kNormal:
          break;
      }
      t.add_row(
          {std::to_string(p.run_id), format_value(*p.value),
           prev && *prev != 0 ? format_pct((*p.value / *prev - 1) * 100) : "",
           mark});
      prev = p.value;
    }
    t.print(out, "  ");
    step_count += sv.steps.size();
  }

  out << "\nsteps (" << margin_text(view.options) << "): " << step_count
      << "\n";
  for (const SeriesView& sv : view.series) {
    for (const SeriesView::StepAt& s : sv.steps) {
      const RunInfo* run = by_id.count(s.run_id) ? by_id[s.run_id] : nullptr;
      out << "  " << sv.series.name << "," << sv.series.metric << ": run "
          << s.run_id;
      if (run)
        out << " (" << when(*run) << ", commit " << or_dash(run->git_commit, 12)
            << ")";
      out << ": " << format_value(s.step.from) << " -> "
          << format_value(s.step.to) << " (" << format_pct(s.step.change_pct)
          << ")\n";
    }
  }
}

void print_history_json(std::ostream& out, const HistoryView& view) {
  json runs = json::array();
  for (const RunInfo& r : view.runs) {
    runs.push_back({{"id", r.id},
                    {"added_at", r.added_at},
                    {"start_time", optional_json(r.start_time)},
                    {"git_commit", optional_json(r.git_commit)},
                    {"libtorch_version", optional_json(r.libtorch_version)},
                    {"counter", optional_json(r.counter)},
                    {"host", optional_json(r.host)},
                    {"cpu", optional_json(r.cpu)},
                    {"source", r.source}});
  }
  json series = json::array();
  for (const SeriesView& sv : view.series) {
    json points = json::array();
    for (std::size_t i = 0; i < sv.series.points.size(); ++i) {
      const Point& p = sv.series.points[i];
      if (p.value) {
        points.push_back({{"run", p.run_id},
                          {"value", *p.value},
                          {"kind", point_kind_name(sv.kinds[i])}});
      } else {
        points.push_back(
            {{"run", p.run_id}, {"status", p.status}, {"reason", p.reason}});
      }
    }
    json steps = json::array();
    for (const SeriesView::StepAt& s : sv.steps) {
      steps.push_back({{"run", s.run_id},
                       {"from", s.step.from},
                       {"to", s.step.to},
                       {"change_pct", s.step.change_pct}});
    }
    series.push_back({{"name", sv.series.name},
                      {"metric", sv.series.metric},
                      {"points", points},
                      {"steps", steps},
                      {"noise_band", band_json(sv.band)}});
  }
  json doc = {{"db", view.db_path},
              {"margin_pct", view.options.margin_pct},
              {"min_runs", view.options.min_runs},
              {"runs", runs},
              {"series", series}};
  json changes = json::array();
  for (const EnvironmentChange& c : view.environment_changes)
    changes.push_back({{"run", c.run_id},
                       {"previous_run", c.previous_run_id},
                       {"differences", to_json(c.differences)}});
  doc["environment_changes"] = changes;
  out << doc.dump(2) << "\n";
}

}  // namespace

const Reporters<HistoryView>& reporters() {
  static const Reporters<HistoryView> list = [] {
    Reporters<HistoryView> r;
    r.add("console", print_history_console);
    r.add("json", print_history_json);
    return r;
  }();
  return list;
}

}  // namespace tally::history

#include "protocol/messages.hpp"

#include "core/param_json.hpp"

namespace tally {

using nlohmann::json;

namespace {

// Plugins may put invalid UTF-8 in names and reasons: replaced, not thrown.
std::string line_of(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

json parse_line(std::string_view line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded())
    throw ProtocolError("", "not a JSON line: '" +
                                std::string(line.substr(0, 60)) +
                                (line.size() > 60 ? "…'" : "'"));
  require_object(j);
  return j;
}

template <typename Enum, size_t N>
Enum decode_word(const json& j, const char* field,
                 const std::pair<Enum, const char*> (&words)[N]) {
  std::string word;
  decode_field(j, field, word);
  std::string known;
  for (const auto& [value, name] : words) {
    if (word == name) return value;
    known += (known.empty() ? "" : ", ") + std::string(name);
  }
  throw ProtocolError(field, "unknown value '" + word.substr(0, 40) +
                                 "' (expected " + known + ")");
}

constexpr std::pair<WorkerMode, const char*> kModes[] = {
    {WorkerMode::kProbe, "probe"},
    {WorkerMode::kRun, "run"},
    {WorkerMode::kOverhead, "overhead"}};
constexpr std::pair<CounterKind, const char*> kCounters[] = {
    {CounterKind::kWall, "wall"},
    {CounterKind::kPerf, "perf"},
    {CounterKind::kCallgrind, "callgrind"}};
// A worker cannot time out: only the host decides that.
constexpr std::pair<CellStatus, const char*> kWorkerStatuses[] = {
    {CellStatus::kOk, "ok"},
    {CellStatus::kSkipped, "skipped"},
    {CellStatus::kFailed, "failed"},
    {CellStatus::kCrashed, "crashed"}};

const char* word_of(WorkerMode mode) {
  for (const auto& [value, name] : kModes)
    if (value == mode) return name;
  return "run";
}

json cell_json(const CellJob& c) {
  json params = json::object();
  for (const auto& [name, value] : c.cell.params.all())
    params[name] = to_json(value);
  return {{"index", c.index},          {"benchmark", c.benchmark},
          {"backend", c.cell.backend}, {"device", c.cell.device},
          {"dynamic", c.cell.dynamic}, {"threads", c.cell.threads},
          {"params", params},          {"iterations", c.iterations},
          {"regions", c.regions},      {"keep_profiles", c.keep_profiles}};
}

}  // namespace

std::string encode_job(const WorkerJob& job, const std::vector<CellJob>& cells) {
  json head = {{"mode", word_of(job.mode)},
              {"plugins", job.plugins},
              {"counter", to_string(job.counter)}};
  if (!job.python_plugin.empty()) head["python_plugin"] = job.python_plugin;
  std::string text = line_of(head);
  for (const auto& cell : cells) text += line_of(cell_json(cell));
  return text;
}

WorkerJob decode_worker_job(std::string_view line) {
  const json j = parse_line(line);
  WorkerJob job;
  job.mode = decode_word(j, "mode", kModes);
  decode_field(j, "plugins", job.plugins);
  job.counter = decode_word(j, "counter", kCounters);
  if (j.contains("python_plugin"))
    decode_field(j, "python_plugin", job.python_plugin);
  return job;
}

CellJob decode_cell_job(std::string_view line) {
  const json j = parse_line(line);
  CellJob c;
  decode_field(j, "index", c.index);
  decode_field(j, "benchmark", c.benchmark);
  decode_field(j, "backend", c.cell.backend);
  decode_field(j, "device", c.cell.device);
  decode_field(j, "dynamic", c.cell.dynamic);
  decode_field(j, "threads", c.cell.threads);
  const json& params = j.contains("params") ? j.at("params") : json();
  if (!params.is_object())
    throw ProtocolError("params", "missing, or not an object");
  for (const auto& [name, value] : params.items()) {
    ParamValue v;
    if (!from_json(value, v))
      throw ProtocolError("params." + name,
                          "expected a boolean, number or string, got " +
                              json_kind(value));
    c.cell.params.set(name, v);
  }
  decode_field(j, "iterations", c.iterations);
  decode_field(j, "regions", c.regions);
  decode_field(j, "keep_profiles", c.keep_profiles);
  return c;
}

namespace {

json measurement_json(const Measurement& m) {
  json j = {{"status", to_string(m.status)},
            {"reason", m.reason},
            {"samples", m.samples},
            {"threads", m.threads}};
  if (!m.dumps.empty()) {
    j["dumps"] = m.dumps;
    j["dump_pid"] = m.dump_pid;
  }
  return j;
}

json event_json(const WorkerEvent& event) {
  struct Encoder {
    json operator()(const ProbeBegin& e) const {
      return {{"event", "probe_begin"}, {"index", e.index}};
    }
    json operator()(const PluginFound& e) const {
      return {{"event", "plugin"}, {"index", e.index}, {"plugin", e.plugin}};
    }
    json operator()(const PluginBad& e) const {
      return {{"event", "bad"}, {"index", e.index}, {"reason", e.reason}};
    }
    json operator()(const CellBegin& e) const {
      return {{"event", "cell_begin"}, {"index", e.index}};
    }
    json operator()(const CellEnd& e) const {
      json j = measurement_json(e.measurement);
      j["event"] = "cell_end";
      j["index"] = e.index;
      return j;
    }
    json operator()(const Fatal& e) const {
      return {{"event", "fatal"}, {"reason", e.reason}};
    }
    json operator()(const Done&) const { return {{"event", "done"}}; }
  };
  return std::visit(Encoder{}, event);
}

Measurement decode_measurement(const json& j) {
  Measurement m;
  m.status = decode_word(j, "status", kWorkerStatuses);
  decode_field(j, "reason", m.reason);
  decode_field(j, "samples", m.samples);
  decode_field(j, "threads", m.threads);
  if (j.contains("dumps")) {
    decode_field(j, "dumps", m.dumps);
    decode_field(j, "dump_pid", m.dump_pid);
  }
  return m;
}

template <typename Event>
Event with_index(const json& j) {
  Event e;
  decode_field(j, "index", e.index);
  return e;
}

}  // namespace

std::string encode_event(const WorkerEvent& event) {
  return line_of(event_json(event));
}

WorkerEvent decode_event(std::string_view line) {
  const json j = parse_line(line);
  std::string kind;
  decode_field(j, "event", kind);
  if (kind == "probe_begin") return with_index<ProbeBegin>(j);
  if (kind == "cell_begin") return with_index<CellBegin>(j);
  if (kind == "plugin") {
    auto e = with_index<PluginFound>(j);
    decode_field(j, "plugin", e.plugin);
    return e;
  }
  if (kind == "bad") {
    auto e = with_index<PluginBad>(j);
    decode_field(j, "reason", e.reason);
    return e;
  }
  if (kind == "cell_end") {
    auto e = with_index<CellEnd>(j);
    e.measurement = decode_measurement(j);
    return e;
  }
  if (kind == "fatal") {
    Fatal e;
    decode_field(j, "reason", e.reason);
    return e;
  }
  if (kind == "done") return Done{};
  throw ProtocolError("event", "unknown event '" + kind.substr(0, 40) + "'");
}

}  // namespace tally

// The worker protocol: every message survives a round trip, and a line a
// broken or hostile worker might print is a ProtocolError naming the field,
// never a crash or a silently wrong value.
#include <gtest/gtest.h>

#include <string>

#include "protocol/messages.hpp"

namespace tally {
namespace {

template <typename T>
T round_trip(const WorkerEvent& event) {
  const std::string line = encode_event(event);
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "one line per event";
  WorkerEvent back = decode_event(line.substr(0, line.size() - 1));
  EXPECT_TRUE(std::holds_alternative<T>(back)) << line;
  return std::get<T>(back);
}

std::string wire_error_of(const std::string& line) {
  try {
    decode_event(line);
  } catch (const ProtocolError& e) {
    return e.what();
  }
  return "no error";
}

PluginManifest sample_manifest() {
  BenchmarkManifest b;
  b.name = "add_loop";
  b.description = "adds";
  b.backends = {"eager", "jit"};
  b.devices = {"cpu"};
  b.dynamic = {false, true};
  b.regions = {"total", "compile_time"};
  b.backend_regions = {{"eager", {"total"}}};
  ParamSpec n("n", ParamValue(std::int64_t{100}), "steps");
  n.min = 1;
  n.max = 1e6;
  b.params = {n, ParamSpec("mode", ParamValue(std::string("fast")), "")};
  return {"/p/add_loop.so", "add_loop", "1.0", {b}};
}

TEST(Protocol, JobAndCellsRoundTrip) {
  WorkerJob job{WorkerMode::kRun, {"/p/x.so"}, CounterKind::kCallgrind};
  CellJob cell;
  cell.index = 7;
  cell.benchmark = "add_loop";
  cell.cell.backend = "jit";
  cell.cell.device = "cpu";
  cell.cell.dynamic = true;
  cell.cell.threads = 2;
  cell.cell.params.set("n", ParamValue(std::int64_t{5}));
  cell.cell.params.set("scale", ParamValue(2.5));
  cell.iterations = 3;
  cell.regions = {"total", "compile_time"};
  const std::string text = encode_job(job, {cell, cell});
  const auto first = text.find('\n');
  WorkerJob j = decode_worker_job(text.substr(0, first));
  EXPECT_EQ(j.mode, WorkerMode::kRun);
  EXPECT_EQ(j.plugins, job.plugins);
  EXPECT_EQ(j.counter, CounterKind::kCallgrind);
  const auto second = text.find('\n', first + 1);
  CellJob c = decode_cell_job(text.substr(first + 1, second - first - 1));
  EXPECT_EQ(c.index, 7);
  EXPECT_EQ(c.benchmark, "add_loop");
  EXPECT_EQ(c.cell.backend, "jit");
  EXPECT_TRUE(c.cell.dynamic);
  EXPECT_EQ(c.cell.threads, 2);
  EXPECT_EQ(c.cell.params.get<std::int64_t>("n"), 5);
  EXPECT_EQ(c.cell.params.get<double>("scale"), 2.5);
  EXPECT_EQ(c.iterations, 3);
  EXPECT_EQ(c.regions, cell.regions);
}

TEST(Protocol, EveryEventRoundTrips) {
  EXPECT_EQ(round_trip<ProbeBegin>(ProbeBegin{3}).index, 3);
  auto found = round_trip<PluginFound>(PluginFound{1, sample_manifest()});
  ASSERT_EQ(found.plugin.benchmarks.size(), 1u);
  const auto& b = found.plugin.benchmarks[0];
  EXPECT_EQ(found.plugin.path, "/p/add_loop.so");
  EXPECT_EQ(b.dynamic, (std::vector<bool>{false, true}));
  EXPECT_EQ(b.backend_regions.at("eager"), std::vector<std::string>{"total"});
  ASSERT_EQ(b.params.size(), 2u);
  EXPECT_EQ(b.params[0].max, 1e6);
  EXPECT_EQ(std::get<std::string>(b.params[1].default_value), "fast");
  EXPECT_EQ(round_trip<PluginBad>(PluginBad{2, "no symbol"}).reason,
            "no symbol");
  EXPECT_EQ(round_trip<CellBegin>(CellBegin{9}).index, 9);
  Measurement m{CellStatus::kOk,
                "",
                {{"total", {3, 1, 2}}},
                {{"total", 4}},
                {{"total", {{1, 2}, {3}, {4}}}},
                4242};
  auto end = round_trip<CellEnd>(CellEnd{9, m});
  EXPECT_EQ(end.index, 9);
  EXPECT_EQ(end.measurement.status, CellStatus::kOk);
  EXPECT_EQ(end.measurement.samples, m.samples);
  EXPECT_EQ(end.measurement.threads, m.threads);
  EXPECT_EQ(end.measurement.dumps, m.dumps);
  EXPECT_EQ(end.measurement.dump_pid, 4242);
  EXPECT_EQ(round_trip<Fatal>(Fatal{"no PMU"}).reason, "no PMU");
  round_trip<Done>(Done{});
}

TEST(Protocol, InvalidUtf8FromAPluginIsReplacedNotThrown) {
  auto bad = round_trip<PluginBad>(PluginBad{0, "bad \xff byte"});
  EXPECT_NE(bad.reason.find("bad "), std::string::npos);
}

TEST(Protocol, AMissingFieldIsNamed) {
  EXPECT_EQ(wire_error_of(R"({"event":"cell_end","index":0})"),
            "field 'status': missing");
  EXPECT_EQ(wire_error_of(R"({"index":0})"), "field 'event': missing");
}

TEST(Protocol, AWrongTypeIsNamedWithItsPath) {
  EXPECT_EQ(wire_error_of(R"({"event":"cell_begin","index":"zero"})"),
            "field 'index': expected an integer, got string \"zero\"");
  EXPECT_EQ(
      wire_error_of(
          R"({"event":"cell_end","index":0,"status":"ok","reason":"",)"
          R"("samples":{"total":[1,-2]},"threads":{}})"),
      "field 'samples.total[1]': expected an unsigned integer, got integer -2");
  EXPECT_EQ(wire_error_of(R"({"event":"cell_begin","index":1.5})"),
            "field 'index': expected an integer, got number 1.5");
  EXPECT_EQ(wire_error_of(R"({"event":"cell_begin","index":4294967296})"),
            "field 'index': expected a 32-bit integer, got unsigned integer "
            "4294967296");
}

TEST(Protocol, UnknownWordsAreRefused) {
  EXPECT_EQ(wire_error_of(R"({"event":"reboot"})"),
            "field 'event': unknown event 'reboot'");
  // Only the host decides that a cell timed out.
  EXPECT_EQ(wire_error_of(R"({"event":"cell_end","index":0,"status":"timeout",)"
                          R"("reason":"","samples":{},"threads":{}})"),
            "field 'status': unknown value 'timeout' (expected ok, skipped, "
            "failed, crashed)");
  EXPECT_THROW(
      decode_worker_job(R"({"mode":"x","plugins":[],"counter":"wall"})"),
      ProtocolError);
}

TEST(Protocol, NestedManifestErrorsNameTheirPath) {
  EXPECT_EQ(
      wire_error_of(R"({"event":"plugin","index":0,"plugin":{"path":"p",)"
                    R"("name":"n","version":"1","benchmarks":[{"name":"b",)"
                    R"("description":"","backends":["eager",3]}]}})"),
      "field 'plugin.benchmarks[0].backends[1]': expected a string, got "
      "unsigned integer 3");
}

TEST(Protocol, GarbageAndTornLinesAreErrorsNotCrashes) {
  EXPECT_EQ(wire_error_of("this is not an event"),
            "not a JSON line: 'this is not an event'");
  EXPECT_NE(wire_error_of(R"({"event":"cell_)").find("not a JSON line"),
            std::string::npos);
  EXPECT_EQ(wire_error_of("[1,2]"), "expected an object, got array [1,2]");
  const std::string flood(10 << 20, 'x');
  const std::string reason = wire_error_of(flood);
  EXPECT_NE(reason.find("not a JSON line"), std::string::npos);
  EXPECT_LT(reason.size(), 200u) << "the message quotes only a prefix";
}

}  // namespace
}  // namespace tally

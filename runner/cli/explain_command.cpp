// `tally explain BASE NEW`: where each count went between two runs, per
// function, component or object, from the profiles kept with the results.
#include <fstream>
#include <iostream>
#include <string>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "explain/explain.hpp"
#include "explain/explain_names.hpp"
#include "explain/explain_reporters.hpp"
#include "explain/flamegraph.hpp"
#include "profile/callgrind_reader.hpp"

namespace tally {

namespace po = boost::program_options;

namespace {

constexpr const char* kExplainUsage =
    "usage: tally explain BASE NEW [--filter REGEX] [--metric M] [--top N]\n"
    "       [--by function|component|object] [--format console|markdown|json]\n"
    "       [--components FILE]\n\n"
    "For every cell and metric with a callgrind profile in both results\n"
    "folders (runs made with --counter callgrind --profiles min): the change\n"
    "of the total, then the functions whose self cost changed most, with\n"
    "their share of the change and their inclusive change. The self changes\n"
    "of all functions add up to the change of the total. --by component\n"
    "rolls functions up into LibTorch namespaces and shared objects;\n"
    "--components FILE adds a YAML map of name prefix: component.\n"
    "--flamegraph OUT.svg draws the one cell and metric --filter and\n"
    "--metric select as a differential icicle: red grew, blue shrank.\n\n"
    "exit codes: 0 ok, 11 no profiles to compare (a run without profiles,\n"
    "different counters, no profiled cell in common), 4 malformed results or\n"
    "profile, 8 missing file, 2 bad command line\n\n";

explain::ExplainBy parse_by(const std::string& by) {
  if (by == "function") return explain::ExplainBy::kFunction;
  if (by == "component") return explain::ExplainBy::kComponent;
  if (by == "object") return explain::ExplainBy::kObject;
  throw Error("--by must be function, component or object, got '" + by + "'",
              ExitCode::kUsage);
}

// One cell's profile, checked to be the one results.json lists it as.
profile::Profile cell_profile(const std::string& path,
                              const explain::ProfilePair& pair) {
  profile::Profile p = profile::read_callgrind(path);
  if (p.header().cell() != pair.cell || p.header().metric() != pair.metric)
    throw Error(path + " is the profile of '" + p.header().cell() + "' " +
                    p.header().metric() + ", not of '" + pair.cell + "' " +
                    pair.metric,
                ExitCode::kBadInput);
  return p;
}

void write_flamegraph(const std::string& base_dir, const std::string& new_dir,
                      const explain::ExplainRequest& request,
                      const std::string& out_path) {
  const auto pairs = explain::profile_pairs(
      explain::read_profiled_run(base_dir), explain::read_profiled_run(new_dir),
      request.filter, request.metric);
  if (pairs.size() != 1)
    throw Error(
        "--flamegraph draws one cell and metric; --filter and "
        "--metric select " +
            std::to_string(pairs.size()) + " (e.g. " + pairs.front().cell +
            " " + pairs.front().metric + ")",
        ExitCode::kUsage);
  const explain::ProfilePair& pair = pairs.front();
  explain::FlamegraphOptions options;
  // Matched as explain matches them, so a clone renamed between builds is
  // one box.
  options.match_key = [](const profile::FunctionKey& key) {
    return explain::object_basename(key.object) + "\n" +
           explain::normalise_function_name(key.name);
  };
  std::ofstream out(out_path);
  explain::write_diff_flamegraph(
      cell_profile(pair.base_profile, pair),
      cell_profile(pair.new_profile, pair),
      pair.cell + " " + pair.metric + ": " + base_dir + " -> " + new_dir, out,
      options);
  out.flush();
  if (!out) throw Error("cannot write " + out_path, ExitCode::kIoError);
  std::cerr << "wrote " << out_path << "\n";
}

}  // namespace

int explain_command(const Args& args) {
  std::string base_dir, new_dir, by = "function", format = "console",
                                 components, flamegraph;
  explain::ExplainRequest request;
  int top = 20;
  po::options_description options("options");
  options.add_options()("help,h", "show this help")(
      "filter", po::value(&request.filter), "only cells this regex matches")(
      "metric", po::value(&request.metric), "only this metric")(
      "top", po::value(&top)->default_value(top),
      "entries per cell, largest change first; 0: all")(
      "by", po::value(&by)->default_value(by), "function | component | object")(
      "format", po::value(&format)->default_value(format),
      "console | markdown | json")(
      "components", po::value(&components),
      "YAML map of name prefix: component (longest prefix wins)")(
      "flamegraph", po::value(&flamegraph),
      "also write a differential flamegraph (SVG) of the one cell selected");
  po::options_description hidden;
  hidden.add_options()("base", po::value(&base_dir)->required())(
      "new", po::value(&new_dir)->required());
  po::positional_options_description positional;
  positional.add("base", 1).add("new", 1);
  const auto vm =
      parse_command_line("explain", args, options, positional, hidden);
  if (vm.count("help")) {
    std::cout << kExplainUsage << options;
    return to_int(ExitCode::kOk);
  }
  const Reporter<explain::ExplainReport>& reporter =
      explain::reporters().find(format);
  if (top < 0) throw Error("--top must be 0 or more", ExitCode::kUsage);
  request.options.by = parse_by(by);
  request.options.top = static_cast<std::size_t>(top);
  if (!components.empty()) request.options.components.load(components);
  if (!flamegraph.empty())
    write_flamegraph(base_dir, new_dir, request, flamegraph);
  explain::ExplainReport report{
      base_dir, new_dir, request.options.by,
      explain::explain_runs(base_dir, new_dir, request)};
  reporter.report(std::cout, report);
  return to_int(ExitCode::kOk);
}

}  // namespace tally

// `tally export RESULTS --format F [--out FILE]`: a run's results in
// another tool's format (Google Benchmark JSON, Bencher, PyTorch's
// benchmark database).
#include <iostream>
#include <string>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "export/exporter.hpp"
#include "results/output_files.hpp"
#include "results/results_reader.hpp"

namespace tally {

namespace po = boost::program_options;

namespace {

std::string usage() {
  std::string text =
      "usage: tally export RESULTS --format FORMAT [--out FILE]\n\n"
      "Writes RESULTS (a results folder, a results.json or a\n"
      "name,metric,value CSV) in another tool's format, to FILE or stdout.\n"
      "formats:\n";
  for (const auto& e : exporters::all())
    text += "  " + e->name() + ": " + e->description() + "\n";
  return text +
         "\nexit codes: 0 ok, 2 bad command line, 4 malformed input, 8 "
         "unreadable input or unwritable FILE\n\n";
}

}  // namespace

int export_command(const Args& args) {
  std::string results_path, format, out;
  po::options_description options("options");
  options.add_options()("help,h", "show this help")(
      "format", po::value(&format)->required(),
      "gbench-json | bencher | pytorch")(
      "out", po::value(&out), "write to this file (default: stdout)");
  po::options_description hidden;
  hidden.add_options()("results", po::value(&results_path)->required());
  po::positional_options_description positional;
  positional.add("results", 1);
  const auto vm =
      parse_command_line("export", args, options, positional, hidden);
  if (vm.count("help")) {
    std::cout << usage() << options;
    return to_int(ExitCode::kOk);
  }
  const exporters::Exporter& exporter = exporters::find_exporter(format);
  const Results results = read_results(results_path);
  const std::string text = exporter.convert(results).dump(2) + "\n";
  if (out.empty()) {
    std::cout << text;
  } else {
    write_file_atomically(out, text);
    std::cerr << "tally: wrote " << out << " (" << format << ", "
              << results.rows.size() << " row(s))\n";
  }
  return to_int(ExitCode::kOk);
}

}  // namespace tally

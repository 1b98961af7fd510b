// The CLI boundary: dispatches a subcommand and turns any error into one line
// on stderr and a named exit code.
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <map>
#include <string>

#include "cli/commands.hpp"
#include "core/error.hpp"

namespace {

using Command = int (*)(const tally::Args&);

const std::map<std::string, Command>& commands() {
  static const std::map<std::string, Command> table = {
      {"list", tally::list_command},       {"run", tally::run_command},
      {"check", tally::check_command},     {"compare", tally::compare_command},
      {"history", tally::history_command}, {"version", tally::version_command},
      {"explain", tally::explain_command},
      {"merge", tally::merge_command},
      {"report", tally::report_command},
      {"export", tally::export_command},
  };
  return table;
}

void print_usage(std::ostream& out) {
  out << "usage: tally <command> [options]\n\n"
         "commands:\n"
         "  run [CONFIG.yaml]   measure a matrix of benchmarks (default: "
         "configs/default.yaml)\n"
         "  list [--json]       show plugins, their benchmarks and bad plugin "
         "files\n"
         "  check RESULTS --expected FILE\n"
         "                      gate results against expected values\n"
         "  compare BASE NEW    compare two runs (console, markdown, json)\n"
         "  explain BASE NEW    where the counts went, per function, from profiles\n"
         "  export RESULTS --format gbench-json|bencher|pytorch\n"
         "                      results in another tool's format\n"
         "  history add|show    nightly history in an SQLite database\n"
         "  merge DIR... --out DIR\n"
         "                      merge the shards of a sweep (run --shard K/N)\n"
         "  report RESULTS|BASE NEW|--history DB\n"
         "                      one self-contained HTML page with plots\n"
         "  version             show tally, SDK ABI and LibTorch versions\n\n"
         "`tally <command> --help` describes a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" ||
      std::string(argv[1]) == "-h") {
    print_usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? tally::to_int(tally::ExitCode::kUsage) : 0;
  }
  // Past a file-size limit, write() then fails with EFBIG and says so,
  // instead of SIGXFSZ killing tally without a word.
  ::signal(SIGXFSZ, SIG_IGN);
  const std::string name = argv[1];
  auto it = commands().find(name);
  if (it == commands().end()) {
    std::cerr << "tally: error: unknown command '" << name << "'\n";
    print_usage(std::cerr);
    return tally::to_int(tally::ExitCode::kUsage);
  }
  try {
    return it->second(tally::Args(argv + 2, argv + argc));
  } catch (const tally::Error& e) {
    std::cerr << "tally " << name << ": error: " << e.what() << "\n";
    return tally::to_int(e.code());
  } catch (const std::exception& e) {
    std::cerr << "tally " << name << ": error: " << e.what() << "\n";
    return tally::to_int(tally::ExitCode::kIoError);
  }
}

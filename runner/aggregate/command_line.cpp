#include "aggregate/command_line.hpp"

#include "core/error.hpp"

namespace tally::aggregate {

namespace po = boost::program_options;

po::variables_map parse_command_line(
    const std::string& command, const std::vector<std::string>& args,
    const po::options_description& options,
    const po::positional_options_description& positional) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args)
                  .options(options)
                  .positional(positional)
                  .run(),
              vm);
    if (vm.count("help") == 0) po::notify(vm);
  } catch (const po::error& e) {
    throw Error(std::string(e.what()) + " (see `tally " + command + " --help`)",
                ExitCode::kUsage);
  }
  return vm;
}

std::string shell_quote(const std::string& text) {
  const char* safe =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./"
      "-+=:,@%";
  if (!text.empty() && text.find_first_not_of(safe) == std::string::npos) {
    return text;
  }
  std::string quoted = "'";
  for (char c : text)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace tally::aggregate

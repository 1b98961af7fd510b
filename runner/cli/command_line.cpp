#include "cli/command_line.hpp"

#include <cctype>

#include "core/error.hpp"

namespace tally {

namespace po = boost::program_options;

po::variables_map parse_command_line(
    const std::string& command, const std::vector<std::string>& args,
    const po::options_description& options,
    const po::positional_options_description& positional,
    const po::options_description& hidden) {
  po::options_description all;
  all.add(options).add(hidden);
  po::variables_map vm;
  try {
    po::store(
        po::command_line_parser(args).options(all).positional(positional).run(),
        vm);
    if (vm.count("help") == 0) po::notify(vm);
  } catch (const po::required_option& e) {
    // A missing positional would otherwise be reported as "--results".
    std::string name = e.get_option_name();
    name.erase(0, name.find_first_not_of('-'));
    std::string message = e.what();
    if (hidden.find_nothrow(name, false) != nullptr) {
      for (char& c : name) c = static_cast<char>(std::toupper(c));
      message = "missing " + name + " argument";
    }
    throw Error(message + " (see `tally " + command + " --help`)",
                ExitCode::kUsage);
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

}  // namespace tally

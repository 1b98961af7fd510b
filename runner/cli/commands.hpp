// One function per subcommand; main.cpp dispatches to them. Each takes the
// arguments after the subcommand name and returns an exit code (or throws
// tally::Error).
#ifndef TALLY_CLI_COMMANDS_HPP
#define TALLY_CLI_COMMANDS_HPP

#include <string>
#include <vector>

namespace tally {

using Args = std::vector<std::string>;

int list_command(const Args& args);
int run_command(const Args& args);
int check_command(const Args& args);
int compare_command(const Args& args);
int explain_command(const Args& args);
int export_command(const Args& args);
int history_command(const Args& args);
int merge_command(const Args& args);
int report_command(const Args& args);
int version_command(const Args& args);

}  // namespace tally

#endif  // TALLY_CLI_COMMANDS_HPP

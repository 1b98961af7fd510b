// Boost.Program_options parsing shared by every subcommand: option errors
// become tally::Error(kUsage) naming the command.
#ifndef TALLY_CLI_COMMAND_LINE_HPP
#define TALLY_CLI_COMMAND_LINE_HPP

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace tally {

/// Parses `args` of `tally command` against `options` and the positionals
/// `hidden` holds (bound by `positional`; left out of --help) and notifies
/// the variables unless --help was given; throws tally::Error(kUsage) on a
/// bad option.
boost::program_options::variables_map parse_command_line(
    const std::string& command, const std::vector<std::string>& args,
    const boost::program_options::options_description& options,
    const boost::program_options::positional_options_description& positional =
        {},
    const boost::program_options::options_description& hidden = {});

/// `text` as one shell word, quoted only when it needs to be, so printed
/// commands can be pasted as they are.
std::string shell_quote(const std::string& text);

}  // namespace tally

#endif  // TALLY_CLI_COMMAND_LINE_HPP

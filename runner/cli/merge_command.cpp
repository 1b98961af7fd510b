// `tally merge DIR... --out DIR`: the shards of a sweep (`tally run --shard
// K/N`) as the one results folder an unsharded run would have written.
#include <iostream>

#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "results/shard_merge.hpp"

namespace tally {
namespace po = boost::program_options;

int merge_command(const Args& args) {
  po::options_description options(
      "tally merge SHARD_DIR... --out DIR [--allow-partial]\n\n"
      "Puts the results folders of `tally run --shard K/N` together: cells in\n"
      "plan order, as an unsharded run writes them. Refuses shards of\n"
      "different plans or overlapping shards (exit 12) and missing cells\n"
      "(exit 6) unless --allow-partial.\n\noptions");
  MergeRequest request;
  options.add_options()("help,h", "show this help")(
      "out", po::value<std::string>(&request.out_dir)->required(),
      "the merged results folder (must be new or empty)")(
      "allow-partial", po::bool_switch(&request.allow_partial),
      "merge even when cells have no result, listing them (also in "
      "results.json's metadata.missing_cells)");
  po::options_description hidden;
  hidden.add_options()("shards",
                       po::value<std::vector<std::string>>(&request.shard_dirs),
                       "shard results folders");
  po::positional_options_description positional;
  positional.add("shards", -1);
  auto vm = parse_command_line("merge", args, options, positional, hidden);
  if (vm.count("help")) {
    std::cout << options;
    return 0;
  }
  if (request.shard_dirs.empty())
    throw Error("give the shards' results folders (see `tally merge --help`)",
                ExitCode::kUsage);
  const MergeOutcome outcome = merge_shards(request);
  if (!outcome.missing.empty()) {
    std::cerr << "tally merge: warning: " << outcome.missing.size()
              << " cell(s) missing (--allow-partial):\n";
    for (const auto& name : outcome.missing) std::cerr << "  " << name << "\n";
  }
  std::cout << "merged " << request.shard_dirs.size()
            << " shard(s): " << outcome.cells << " cells (" << outcome.not_ok
            << " not ok) into " << request.out_dir << "\n"
            << "wrote " << request.out_dir << "/results.csv\n"
            << "wrote " << request.out_dir << "/results.json\n"
            << "wrote " << request.out_dir << "/journal.jsonl\n";
  return to_int(outcome.not_ok ? ExitCode::kCellsFailed : ExitCode::kOk);
}

}  // namespace tally

#include "results/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.hpp"
#include "results/output_files.hpp"

namespace tally {

Journal::Journal(const std::string& path)
    : path_(path),
      fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
                 0644)) {
  if (!fd_.valid())
    throw Error("cannot open journal " + path + ": " + std::strerror(errno),
                ExitCode::kIoError);
}

void Journal::append(const CellResult& result) {
  write_all(fd_.get(), to_json(result).dump() + "\n", path_);
  ::fdatasync(fd_.get());
}

std::map<std::string, CellResult> recover_journal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::map<std::string, CellResult> done;
  std::string kept, line;
  while (std::getline(in, line)) {
    auto event = nlohmann::json::parse(line, nullptr, false);
    if (!event.is_object()) continue;
    try {
      CellResult result = cell_result_from_json(event);
      if (done.emplace(result.name, std::move(result)).second)
        kept += line + "\n";
    } catch (const std::exception&) {
      // Not a cell line: dropped like a torn one.
    }
  }
  write_file_atomically(path, kept);
  return done;
}

}  // namespace tally

namespace tally {

std::map<std::string, CellResult> read_journal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::map<std::string, CellResult> done;
  for (std::string line; std::getline(in, line);) {
    auto event = nlohmann::json::parse(line, nullptr, false);
    if (!event.is_object()) continue;
    try {
      CellResult result = cell_result_from_json(event);
      done.emplace(result.name, std::move(result));
    } catch (const std::exception&) {
      // Not a cell line: skipped, as recover_journal drops it.
    }
  }
  return done;
}

}  // namespace tally

#include "profile/callgrind_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "core/error.hpp"

namespace tally::profile {

namespace {

/// Callgrind's name compression, which is how profiles are stored
/// compressed: a name is written in full once as "(id) name" and then only
/// as "(id)". Objects, files and functions count their ids apart, as
/// callgrind does (cfi= shares the files' ids, cfn= the functions').
class Names {
 public:
  std::string operator()(const std::string& name) {
    auto [it, added] = ids_.try_emplace(name, ids_.size() + 1);
    const std::string id = "(" + std::to_string(it->second) + ")";
    return added ? id + " " + name : id;
  }

 private:
  std::unordered_map<std::string, std::size_t> ids_;
};

std::string cost_text(const Costs& costs) {
  std::string s;
  for (std::uint64_t c : costs) s += " " + std::to_string(c);
  return s;
}

Error write_error(const std::string& path, int error) {
  return Error(path + ": cannot write" +
                   (error != 0 ? std::string(": ") + std::strerror(error) : ""),
               ExitCode::kIoError);
}

bool all_zero(const Costs& costs) {
  return std::all_of(costs.begin(), costs.end(),
                     [](std::uint64_t c) { return c == 0; });
}

void write_header(std::ostream& out, const Profile& profile) {
  const ProfileHeader& h = profile.header();
  out << "# callgrind format\nversion: 1\n";
  if (!h.creator.empty()) out << "creator: " << h.creator << "\n";
  if (!h.cmd.empty()) out << "cmd: " << h.cmd << "\n";
  for (const std::string& d : h.desc) out << "desc: " << d << "\n";
  out << "positions: line\nevents:";
  for (const std::string& e : profile.events()) out << " " << e;
  out << "\nsummary:" << cost_text(profile.total()) << "\n\n";
}

}  // namespace

void write_callgrind(std::ostream& out, const Profile& profile) {
  write_header(out, profile);
  const std::vector<Function>& fns = profile.functions();
  // Grouped by object and file, so each ob=/fl= line is written once; the
  // order also makes the output the same for the same profile.
  std::vector<std::size_t> order(fns.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const FunctionKey &x = fns[a].key, &y = fns[b].key;
    return std::tie(x.object, x.file, x.name) <
           std::tie(y.object, y.file, y.name);
  });
  Names objects, files, functions;
  const std::string* object = nullptr;
  const std::string* file = nullptr;
  for (std::size_t i : order) {
    const Function& f = fns[i];
    if (all_zero(f.self) && f.calls.empty()) continue;
    if (!object || *object != f.key.object)
      out << "ob=" << objects(*(object = &f.key.object)) << "\n";
    if (!file || *file != f.key.file)
      out << "fl=" << files(*(file = &f.key.file)) << "\n";
    out << "fn=" << functions(f.key.name) << "\n";
    if (!all_zero(f.self)) out << "0" << cost_text(f.self) << "\n";
    for (const Call& c : f.calls) {
      const FunctionKey& callee = fns[c.callee].key;
      if (callee.object != *object)
        out << "cob=" << objects(callee.object) << "\n";
      if (callee.file != *file) out << "cfi=" << files(callee.file) << "\n";
      // A call already in progress when a segment began has count 0 there;
      // callgrind_annotate adds the cost of a `calls=0` line to the caller's
      // own, so it is written as one call.
      out << "cfn=" << functions(callee.name)
          << "\ncalls=" << std::max<std::uint64_t>(c.count, 1) << " 0\n0"
          << cost_text(c.inclusive) << "\n";
    }
    out << "\n";
  }
  out << "totals:" << cost_text(profile.total()) << "\n";
}

void write_callgrind_file(const std::string& path, const Profile& profile) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (out) write_callgrind(out, profile);
    out.close();
    if (!out) {
      const int error = errno;
      std::remove(temporary.c_str());
      throw write_error(path, error);
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    throw write_error(path, error);
  }
}

}  // namespace tally::profile

// Reports what a worker process sees, for the portable-counts tests: the
// strings that shape its stack and heap (working directory, argv, AT_EXECFN,
// environment, loaded objects, mapped files), its host name and /tmp, and
// where its stack and heap are. With $TALLY_TEST_INTROSPECT_OUT set,
// prepare_once() writes the report there. work() fills a pointer-keyed hash
// table, whose count follows the heap's addresses as LibTorch's JIT passes do.
#include <dirent.h>
#include <link.h>
#include <sys/auxv.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <tally/plugin.hpp>
#include <unordered_set>
#include <vector>

extern char** environ;

namespace {

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void report_strings(std::ostream& out) {
  char cwd[4096] = {};
  out << "cwd " << (::getcwd(cwd, sizeof(cwd)) ? cwd : "?") << "\n";
  const auto* execfn = reinterpret_cast<const char*>(::getauxval(AT_EXECFN));
  out << "execfn " << (execfn ? execfn : "?") << "\n";
  std::istringstream cmdline(read_file("/proc/self/cmdline"));
  for (std::string arg; std::getline(cmdline, arg, '\0');)
    out << "argv " << arg << "\n";
  size_t env_bytes = 0;
  for (char** e = environ; *e; ++e) {
    // What the environment takes on the stack: the string and its pointer.
    env_bytes += std::strlen(*e) + 1 + sizeof(char*);
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    // Values that must not depend on the user's shell; the rest may carry
    // the test's own settings, but only their total size is seen.
    if (name == "HOME" || name == "TMPDIR" || name == "PATH" || name == "PWD")
      out << "env " << entry << "\n";
  }
  out << "env_stack_bytes " << env_bytes << "\n";
  utsname host{};
  out << "host " << (::uname(&host) == 0 ? host.nodename : "?") << "\n";
  // What the worker's /tmp holds: its own, not the host's, where it can.
  std::set<std::string> tmp;
  if (DIR* dir = ::opendir("/tmp")) {
    while (const dirent* entry = ::readdir(dir))
      if (entry->d_name[0] != '.') tmp.insert(entry->d_name);
    ::closedir(dir);
  }
  out << "tmp";
  for (const auto& name : tmp) out << " " << name;
  out << "\n";
}

void report_objects(std::ostream& out) {
  ::dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        *static_cast<std::ostream*>(data) << "link " << info->dlpi_name << "\n";
        return 0;
      },
      &out);
  std::istringstream maps(read_file("/proc/self/maps"));
  std::set<std::string> seen;
  for (std::string line; std::getline(maps, line);) {
    const size_t slash = line.find('/');
    if (slash == std::string::npos) continue;
    const std::string path = line.substr(slash);
    // valgrind's own files are the same wherever tally is.
    if (seen.insert(path).second && path.find("valgrind") == std::string::npos)
      out << "map " << path << "\n";
  }
}

class Seen : public tally::Benchmark {
 public:
  void prepare_once(const tally::Cell&) override {
    const char* path = std::getenv("TALLY_TEST_INTROSPECT_OUT");
    if (!path) return;
    std::ostringstream out;
    report_strings(out);
    report_objects(out);
    int on_stack = 0;
    auto on_heap = std::make_unique<char[]>(100);
    out << "stack " << static_cast<const void*>(&on_stack) << "\n";
    out << "heap " << static_cast<const void*>(on_heap.get()) << "\n";
    std::ofstream(path) << out.str();
  }
  void work(tally::Meter&) override {}
};

class PointerTable : public tally::Benchmark {
 public:
  void work(tally::Meter&) override {
    std::vector<std::unique_ptr<char[]>> blocks;
    std::unordered_set<const void*> table(64);
    for (int i = 0; i < 2000; ++i) {
      blocks.push_back(std::make_unique<char[]>(16 + (i * 37) % 500));
      table.insert(blocks.back().get());
    }
    // Iteration order follows the addresses; so does the work done here.
    std::uintptr_t mix = 0;
    for (const void* p : table)
      if (reinterpret_cast<std::uintptr_t>(p) % 3 == 0)
        mix += reinterpret_cast<std::uintptr_t>(p) % 7;
    tally::do_not_optimize(mix);
  }
};

}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "introspect";
  plugin.version = "1.0.0";
  tally::BenchmarkInfo seen;
  seen.name = "introspect_seen";
  seen.description =
      "writes what the worker sees to $TALLY_TEST_INTROSPECT_OUT";
  seen.backends = {"native"};
  seen.make = [] { return std::make_unique<Seen>(); };
  plugin.benchmarks.push_back(seen);

  tally::BenchmarkInfo table;
  table.name = "introspect_pointer_table";
  table.description = "a hash table keyed by heap addresses";
  table.backends = {"native"};
  table.make = [] { return std::make_unique<PointerTable>(); };
  plugin.benchmarks.push_back(table);
  return plugin;
}
TALLY_PLUGIN(make_plugin)

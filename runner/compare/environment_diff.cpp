#include "compare/environment_diff.hpp"

namespace tally::compare {

using nlohmann::json;

namespace {

// Top-level metadata fields that change counts; the rest (host, times,
// paths) differ between any two runs and say nothing about the numbers.
const char* const kTopLevel[] = {"counter",
                                 "compiler",
                                 "libc",
                                 "libtorch_version",
                                 "libtorch_git_hash",
                                 "aten_cpu_capability",
                                 "valgrind_version",
                                 "os_release",
                                 "cpu",
                                 "kernel"};

std::string text(const json& v) {
  return v.is_string() ? v.get<std::string>() : v.dump();
}

void compare_value(const std::string& key, const json& base, const json& now,
                   std::vector<EnvironmentDifference>& out) {
  if (base.is_null() || now.is_null()) return;
  if (base.is_object() && now.is_object()) {
    for (const auto& [sub, value] : base.items())
      if (auto it = now.find(sub); it != now.end())
        compare_value(key + "." + sub, value, *it, out);
    return;
  }
  if (base != now) out.push_back({key, text(base), text(now)});
}

}  // namespace

std::vector<EnvironmentDifference> environment_differences(
    const json& base_metadata, const json& new_metadata) {
  std::vector<EnvironmentDifference> out;
  if (!base_metadata.is_object() || !new_metadata.is_object()) return out;
  for (const char* key : kTopLevel) {
    auto b = base_metadata.find(key);
    auto n = new_metadata.find(key);
    if (b != base_metadata.end() && n != new_metadata.end())
      compare_value(key, *b, *n, out);
  }
  auto b = base_metadata.find("environment");
  auto n = new_metadata.find("environment");
  if (b != base_metadata.end() && n != new_metadata.end())
    compare_value("environment", *b, *n, out);
  return out;
}

void print_environment_differences(
    std::ostream& out, const std::vector<EnvironmentDifference>& differences,
    const std::string& base_label, const std::string& new_label) {
  if (differences.empty()) return;
  out << "cross-environment: " << differences.size()
      << " difference(s) that change numbers without a code change, "
      << base_label << " -> " << new_label << ":\n";
  for (const EnvironmentDifference& d : differences)
    out << "  " << d.key << ": " << d.base << " -> " << d.now << "\n";
}

json to_json(const std::vector<EnvironmentDifference>& differences) {
  json out = json::array();
  for (const EnvironmentDifference& d : differences)
    out.push_back({{"key", d.key}, {"base", d.base}, {"new", d.now}});
  return out;
}

}  // namespace tally::compare

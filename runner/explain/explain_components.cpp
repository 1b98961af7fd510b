#include "explain/explain_components.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>

#include "core/error.hpp"
#include "explain/explain_names.hpp"

namespace tally::explain {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

/// Whether `prefix` is whole leading name parts of `qualified`.
bool matches(std::string_view qualified, const std::string& prefix) {
  if (!starts_with(qualified, prefix)) return false;
  if (qualified.size() == prefix.size() || prefix.back() == ':') return true;
  const char next = qualified[prefix.size()];
  return next == ':' || next == '<' || next == '(' || next == ' ';
}

bool is_libtorch(const std::string& object) {
  return starts_with(object, "libtorch") || starts_with(object, "libc10");
}

}  // namespace

ComponentRules::ComponentRules()
    : libtorch_{{"at::native", "at::native"},
                {"at", "at"},
                {"c10", "c10"},
                {"c10::alloc_cpu", "allocator"},
                {"c10::free_cpu", "allocator"},
                {"c10::DefaultCPUAllocator", "allocator"},
                {"c10::DefaultMobileCPUAllocator", "allocator"},
                {"c10::CPUCachingAllocator", "allocator"},
                {"c10::ProfiledCPUMemoryReporter", "allocator"},
                {"c10::GetCPUAllocator", "allocator"},
                {"c10::GetAllocator", "allocator"},
                {"caffe2", "caffe2"},
                {"torch::jit", "torch::jit"},
                {"torch::autograd", "torch::autograd"},
                {"torch", "torch"},
                {"std", "std"},
                {"__gnu_cxx", "std"}} {}

void ComponentRules::load(const std::string& path) {
  if (!std::ifstream(path))
    throw Error(path + ": cannot read the components file", ExitCode::kIoError);
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw Error(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg,
                ExitCode::kBadInput);
  }
  if (!root.IsMap())
    throw Error(path + ": expected a map of prefix: component",
                ExitCode::kBadInput);
  for (const auto& rule : root) {
    const std::string where =
        path + ":" + std::to_string(rule.first.Mark().line + 1);
    if (!rule.first.IsScalar() || !rule.second.IsScalar() ||
        rule.first.Scalar().empty() || rule.second.Scalar().empty())
      throw Error(where + ": expected prefix: component, both non-empty text",
                  ExitCode::kBadInput);
    const std::string prefix = rule.first.Scalar();
    auto same = std::find_if(user_.begin(), user_.end(),
                             [&](const auto& r) { return r.first == prefix; });
    if (same != user_.end())
      same->second = rule.second.Scalar();
    else
      user_.emplace_back(prefix, rule.second.Scalar());
  }
}

const std::string* ComponentRules::longest_match(const Rules& rules,
                                                 std::string_view qualified) {
  const std::pair<std::string, std::string>* best = nullptr;
  for (const auto& rule : rules)
    if (matches(qualified, rule.first) &&
        (!best || rule.first.size() > best->first.size()))
      best = &rule;
  return best ? &best->second : nullptr;
}

std::string ComponentRules::component(const std::string& object,
                                      std::string_view name) const {
  const std::string_view qualified = qualified_name(name);
  if (const std::string* c = longest_match(user_, qualified)) return *c;
  if (is_libtorch(object))
    if (const std::string* c = longest_match(libtorch_, qualified)) return *c;
  return object;
}

}  // namespace tally::explain

// Components for `tally explain --by component`: what a LibTorch user
// thinks in, from a function's object and qualified name.
#ifndef TALLY_EXPLAIN_EXPLAIN_COMPONENTS_HPP
#define TALLY_EXPLAIN_EXPLAIN_COMPONENTS_HPP

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::explain {

/// A function's component is, in this order:
///  1. the component of the longest prefix of its qualified name (see
///     qualified_name()) that a `--components FILE` maps, in any object;
///  2. in a LibTorch object (file name starting with "libtorch" or
///     "libc10"), the component of the longest matching prefix of the
///     default table: at::native, at, c10, caffe2, torch::jit,
///     torch::autograd, torch, std (and __gnu_cxx) name themselves, and
///     c10's CPU allocator (c10::alloc_cpu, c10::free_cpu,
///     c10::DefaultCPUAllocator, ...) is "allocator";
///  3. else the object's file name ("libc.so.6", "plugin.so", "???").
/// A prefix matches whole name parts: "at" matches "at::empty" and "at",
/// not "atan".
class ComponentRules {
 public:
  ComponentRules();

  /// Adds the rules of a YAML map `prefix: component` (a rule for a prefix
  /// already given is replaced). Throws tally::Error naming the file:
  /// kIoError when it cannot be read, kBadInput (with the line) when it is
  /// not such a map.
  void load(const std::string& path);

  /// `object` is a file name (object_basename()), `name` a function name.
  std::string component(const std::string& object, std::string_view name) const;

 private:
  using Rules = std::vector<std::pair<std::string, std::string>>;
  static const std::string* longest_match(const Rules& rules,
                                          std::string_view qualified);
  Rules user_;
  Rules libtorch_;
};

}  // namespace tally::explain

#endif  // TALLY_EXPLAIN_EXPLAIN_COMPONENTS_HPP

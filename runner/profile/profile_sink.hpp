// What a callgrind profile holds, as the reader streams it: a Profile is
// built from it, and `tally explain` sums it by function without building
// one (profiles of a whole run are gigabytes).
#ifndef TALLY_PROFILE_PROFILE_SINK_HPP
#define TALLY_PROFILE_PROFILE_SINK_HPP

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace tally::profile {

/// One count per event, in the order of the `events:` line.
using Costs = std::vector<std::uint64_t>;

/// Receives a profile function by function. Costs have one count per event;
/// names and costs are valid during the call only.
class ProfileSink {
 public:
  virtual ~ProfileSink() = default;
  /// The events, before anything else.
  virtual void begin(const std::vector<std::string>& events) = 0;
  /// A function named for the first time (by `fn=` or `cfn=`); what it
  /// returns stands for the function in self() and call().
  virtual std::size_t function(std::string_view object, std::string_view file,
                               std::string_view name) = 0;
  /// Cost of the function's own instructions (called once or more).
  virtual void self(std::size_t function, const Costs& costs) = 0;
  /// `count` calls from `caller` to `callee` and their inclusive cost.
  virtual void call(std::size_t caller, std::size_t callee, std::uint64_t count,
                    const Costs& inclusive) = 0;
};

}  // namespace tally::profile

#endif  // TALLY_PROFILE_PROFILE_SINK_HPP

// A callgrind profile in memory: per function its self cost and, per
// function it calls, the call count and the inclusive cost of those calls.
// Reader and writer are in callgrind_reader.hpp and callgrind_writer.hpp.
#ifndef TALLY_PROFILE_PROFILE_HPP
#define TALLY_PROFILE_PROFILE_HPP

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "profile/profile_header.hpp"
#include "profile/profile_sink.hpp"

namespace tally::profile {

/// A function as callgrind names it.
struct FunctionKey {
  std::string object;  // ob=: the executable or shared object ("???")
  std::string file;    // fl=: its source file ("???" without debug info)
  std::string name;    // fn=: demangled, as callgrind prints it
  bool operator==(const FunctionKey& other) const {
    return name == other.name && object == other.object && file == other.file;
  }
};

/// All calls from one function to another, summed over call sites.
struct Call {
  std::size_t callee = 0;   // index into Profile::functions()
  std::uint64_t count = 0;  // calls=
  Costs inclusive;          // what the callee and its callees spent in them
};

struct Function {
  FunctionKey key;
  Costs self;               // spent in the function's own instructions
  std::vector<Call> calls;  // one per callee
};

class Profile {
 public:
  /// Events as in callgrind's `events:` line, e.g. {"Ir"}; never empty.
  explicit Profile(std::vector<std::string> events);

  const std::vector<std::string>& events() const { return events_; }
  const std::vector<Function>& functions() const { return functions_; }
  Function& function(std::size_t index) { return functions_[index]; }
  ProfileHeader& header() { return header_; }
  const ProfileHeader& header() const { return header_; }

  /// The index of the function `key` names, added with zero costs if new.
  std::size_t find_or_add(const FunctionKey& key);
  /// The calls from `caller` to `callee`, added with zero costs if new.
  Call& call(std::size_t caller, std::size_t callee);

  /// Adds every cost and call of `other` (same events, else throws
  /// tally::Error(kBadInput)): the profile of both segments together.
  void add(const Profile& other);

  /// The sum of all self costs: what callgrind's `totals:` line says.
  Costs total() const;

  /// Names the profile's cell and metric (ProfileHeader::label()).
  void label(const std::string& cell, const std::string& metric) {
    header_.label(cell, metric);
  }

  /// Gives every function, cost and call to `sink`, as reading the profile
  /// from a file would.
  void replay(ProfileSink& sink) const;

 private:
  struct KeyHash {
    std::size_t operator()(const FunctionKey& key) const;
  };

  std::vector<std::string> events_;
  ProfileHeader header_;
  std::vector<Function> functions_;
  std::unordered_multimap<std::size_t, std::size_t> index_;  // hash -> index
  // (caller << 32 | callee) -> position in the caller's calls.
  std::unordered_map<std::uint64_t, std::size_t> call_index_;
};

/// Adds `what` to `into` element by element (both have the events' size).
void add_costs(Costs& into, const Costs& what);

/// The profiles summed: a region's profile from the dumps of its segments.
/// Throws tally::Error(kBadInput) when `parts` is empty or events differ.
Profile merge(const std::vector<Profile>& parts);

}  // namespace tally::profile

#endif  // TALLY_PROFILE_PROFILE_HPP

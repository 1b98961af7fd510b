#include "profile/profile.hpp"

#include <functional>

#include "core/error.hpp"
#include "core/text.hpp"

namespace tally::profile {

Profile::Profile(std::vector<std::string> events) : events_(std::move(events)) {
  if (events_.empty())
    throw Error("a profile needs at least one event", ExitCode::kBadInput);
}

std::size_t Profile::KeyHash::operator()(const FunctionKey& key) const {
  const std::hash<std::string> h;
  return h(key.name) ^ (h(key.object) * 31) ^ (h(key.file) * 1031);
}

std::size_t Profile::find_or_add(const FunctionKey& key) {
  // Indexed by hash, so the names are stored once, in functions_.
  const std::size_t hash = KeyHash()(key);
  for (auto [it, end] = index_.equal_range(hash); it != end; ++it)
    if (functions_[it->second].key == key) return it->second;
  index_.emplace(hash, functions_.size());
  functions_.push_back({key, Costs(events_.size(), 0), {}});
  return functions_.size() - 1;
}

Call& Profile::call(std::size_t caller, std::size_t callee) {
  const std::uint64_t id = static_cast<std::uint64_t>(caller) << 32 | callee;
  std::vector<Call>& calls = functions_[caller].calls;
  auto [it, added] = call_index_.try_emplace(id, calls.size());
  if (added) calls.push_back({callee, 0, Costs(events_.size(), 0)});
  return calls[it->second];
}

void Profile::add(const Profile& other) {
  if (other.events_ != events_)
    throw Error("cannot add a profile of events '" + join(other.events_, " ") +
                    "' to one of '" + join(events_, " ") + "'",
                ExitCode::kBadInput);
  // Indices differ between profiles: map each of other's functions once.
  std::vector<std::size_t> here(other.functions_.size());
  for (std::size_t i = 0; i < other.functions_.size(); ++i)
    here[i] = find_or_add(other.functions_[i].key);
  for (std::size_t i = 0; i < other.functions_.size(); ++i) {
    const Function& from = other.functions_[i];
    add_costs(functions_[here[i]].self, from.self);
    for (const Call& c : from.calls) {
      Call& into = call(here[i], here[c.callee]);
      into.count += c.count;
      add_costs(into.inclusive, c.inclusive);
    }
  }
}

Costs Profile::total() const {
  Costs sum(events_.size(), 0);
  for (const Function& f : functions_) add_costs(sum, f.self);
  return sum;
}

void Profile::replay(ProfileSink& sink) const {
  sink.begin(events_);
  std::vector<std::size_t> handle(functions_.size());
  for (std::size_t i = 0; i < functions_.size(); ++i) {
    const FunctionKey& k = functions_[i].key;
    handle[i] = sink.function(k.object, k.file, k.name);
  }
  for (std::size_t i = 0; i < functions_.size(); ++i) {
    sink.self(handle[i], functions_[i].self);
    for (const Call& c : functions_[i].calls)
      sink.call(handle[i], handle[c.callee], c.count, c.inclusive);
  }
}

void add_costs(Costs& into, const Costs& what) {
  for (std::size_t i = 0; i < into.size() && i < what.size(); ++i)
    into[i] += what[i];
}

Profile merge(const std::vector<Profile>& parts) {
  if (parts.empty()) throw Error("no profile to merge", ExitCode::kBadInput);
  Profile sum(parts.front().events());
  sum.header() = parts.front().header();
  for (const Profile& p : parts) sum.add(p);
  return sum;
}

}  // namespace tally::profile

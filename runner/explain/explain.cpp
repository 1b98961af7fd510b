#include "explain/explain.hpp"

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <functional>
#include <tuple>
#include <unordered_map>

#include "explain/explain_inputs.hpp"
#include "explain/explain_names.hpp"

namespace tally::explain {

namespace {

using profile::Profile;

/// Sums the functions of two profiles into entries: by matched function,
/// component or object. It is the sink both profiles are streamed into.
class Grouper : public profile::ProfileSink {
 public:
  explicit Grouper(const ExplainOptions& options) : options_(options) {}

  /// Which side the next profile streamed in is.
  void side(bool base) { base_ = base; }
  std::vector<ExplainEntry> take() { return std::move(entries_); }

  void begin(const std::vector<std::string>&) override {}
  std::size_t function(std::string_view object, std::string_view file,
                       std::string_view name) override;
  void self(std::size_t entry, const profile::Costs& costs) override {
    // The first event: Ir, the instructions tally counts.
    const auto cost = static_cast<std::int64_t>(costs[0]);
    ExplainEntry& e = entries_[entry];
    (base_ ? e.base_self : e.new_self) += cost;
    (base_ ? e.base_inclusive : e.new_inclusive) += cost;
  }
  void call(std::size_t caller, std::size_t callee, std::uint64_t,
            const profile::Costs& inclusive) override {
    // Calls within an entry are already in its self cost.
    if (caller == callee) return;
    ExplainEntry& e = entries_[caller];
    (base_ ? e.base_inclusive : e.new_inclusive) +=
        static_cast<std::int64_t>(inclusive[0]);
  }

 private:
  std::size_t group_of(std::string_view object, std::string_view name);

  const ExplainOptions& options_;
  bool base_ = true;
  std::vector<ExplainEntry> entries_;
  std::vector<bool> mixed_;  // the entry's functions differ in the label
  std::unordered_map<std::string, std::size_t> index_;  // key -> entry
  // Raw object and name -> entry, so a function on both sides (most are)
  // is normalised once. The views point into raw_names_.
  struct Raw {
    std::string_view object, name;
    bool operator==(const Raw& o) const {
      return name == o.name && object == o.object;
    }
  };
  struct RawHash {
    std::size_t operator()(const Raw& r) const {
      const std::hash<std::string_view> h;
      return h(r.name) ^ h(r.object) * 31;
    }
  };
  std::unordered_map<Raw, std::size_t, RawHash> seen_;
  std::deque<std::string> raw_names_;
};

std::size_t Grouper::function(std::string_view object, std::string_view,
                              std::string_view name) {
  const std::size_t entry = group_of(object, name);
  (base_ ? entries_[entry].in_base : entries_[entry].in_new) = true;
  return entry;
}

std::size_t Grouper::group_of(std::string_view object, std::string_view name) {
  if (auto it = seen_.find({object, name}); it != seen_.end())
    return it->second;
  ExplainEntry labels;
  labels.object = object_basename(object);
  labels.function = normalise_function_name(name);
  std::string group;
  switch (options_.by) {
    case ExplainBy::kFunction:
      // Its component is found in finish(), for the entries kept only.
      group = labels.object + '\x1f' + labels.function;
      break;
    case ExplainBy::kComponent:
      labels.component =
          options_.components.component(labels.object, labels.function);
      group = labels.component;
      labels.function.clear();
      break;
    case ExplainBy::kObject:
      labels.component =
          options_.components.component(labels.object, labels.function);
      group = labels.object;
      labels.function.clear();
      break;
  }
  auto [it, added] = index_.try_emplace(std::move(group), entries_.size());
  if (added) {
    entries_.push_back(std::move(labels));
    mixed_.push_back(false);
  } else if (!mixed_[it->second]) {
    // A roll-up keeps the label its functions share, else none.
    ExplainEntry& e = entries_[it->second];
    if (e.object != labels.object) e.object.clear();
    if (e.component != labels.component) e.component.clear();
    mixed_[it->second] = e.object.empty() || e.component.empty();
  }
  const std::string_view kept_object = raw_names_.emplace_back(object);
  seen_.emplace(Raw{kept_object, raw_names_.emplace_back(name)}, it->second);
  return it->second;
}

bool larger_change(const ExplainEntry& a, const ExplainEntry& b) {
  const std::int64_t sa = std::llabs(a.delta_self());
  const std::int64_t sb = std::llabs(b.delta_self());
  if (sa != sb) return sa > sb;
  const std::int64_t ia = std::llabs(a.delta_inclusive());
  const std::int64_t ib = std::llabs(b.delta_inclusive());
  if (ia != ib) return ia > ib;
  return std::tie(a.function, a.component, a.object) <
         std::tie(b.function, b.component, b.object);
}

/// The entries sorted and cut to the top N, with the totals.
CellExplanation finish(Grouper& grouper, const ExplainOptions& options) {
  CellExplanation out;
  out.entries = grouper.take();
  for (const ExplainEntry& e : out.entries) {
    out.base += e.base_self;
    out.now += e.new_self;
  }
  std::sort(out.entries.begin(), out.entries.end(), larger_change);
  if (options.top > 0 && out.entries.size() > options.top) {
    out.more = out.entries.size() - options.top;
    for (std::size_t i = options.top; i < out.entries.size(); ++i)
      out.more_delta_self += out.entries[i].delta_self();
    out.entries.resize(options.top);
  }
  if (options.by == ExplainBy::kFunction)
    for (ExplainEntry& e : out.entries)
      e.component = options.components.component(e.object, e.function);
  return out;
}

}  // namespace

CellExplanation explain_profiles(const Profile& base, const Profile& now,
                                 const ExplainOptions& options) {
  Grouper grouper(options);
  base.replay(grouper);
  grouper.side(false);
  now.replay(grouper);
  return finish(grouper, options);
}

CellExplanation explain_profile_files(const ProfilePair& pair,
                                      const ExplainOptions& options) {
  Grouper grouper(options);
  stream_cell_profile(pair.base_profile, pair.cell, pair.metric, grouper);
  grouper.side(false);
  stream_cell_profile(pair.new_profile, pair.cell, pair.metric, grouper);
  CellExplanation out = finish(grouper, options);
  out.name = pair.cell;
  out.metric = pair.metric;
  return out;
}

}  // namespace tally::explain

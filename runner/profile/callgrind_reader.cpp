#include "profile/callgrind_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/fd.hpp"

namespace tally::profile {

ProfileError::ProfileError(const std::string& file, std::size_t line,
                           const std::string& message)
    : Error(file + (line > 0 ? ":" + std::to_string(line) : std::string()) +
                ": " + message,
            ExitCode::kBadInput) {}

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
// Larger ids than this are corruption, not a bigger program: callgrind
// numbers names from 1 up, one per distinct name.
constexpr std::uint64_t kMaxNameId = 1u << 26;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    while (i < s.size() && is_blank(s[i])) ++i;
    std::size_t j = i;
    while (j < s.size() && !is_blank(s[j])) ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

/// Reads the digits at `p` in `base` into `value`; false when one is not a
/// digit of `base` or the value overflows. Callgrind writes millions of
/// numbers: this is the reader's inner loop.
bool digits(const char*& p, const char* end, unsigned base,
            std::uint64_t& value) {
  // Fewer digits than this cannot overflow: the common case skips checks.
  const char* safe = p + (base == 10 ? 19 : 15);
  for (value = 0; p < end && !is_blank(*p); ++p) {
    unsigned digit = static_cast<unsigned char>(*p) - '0';
    if (digit > 9 && base == 16) {
      const unsigned letter = (static_cast<unsigned char>(*p) | 0x20) - 'a';
      digit = letter < 6 ? letter + 10 : base;
    }
    if (digit >= base) return false;
    if (p < safe) {
      value = value * base + digit;
    } else if (__builtin_mul_overflow(value, base, &value) ||
               __builtin_add_overflow(value, digit, &value)) {
      return false;
    }
  }
  return true;
}

/// A decimal or 0x-hex number at `p`, which then points past it; nullopt
/// when there is none, it overflows or it runs into anything but a blank.
std::optional<std::uint64_t> number(const char*& p, const char* end) {
  const bool hex = end - p > 2 && p[0] == '0' && (p[1] | 0x20) == 'x';
  if (hex) p += 2;
  const char* start = p;
  std::uint64_t value;
  if (!digits(p, end, hex ? 16 : 10, value) || p == start) return std::nullopt;
  return value;
}

/// The compressed names of one kind (objects, files or functions): `(id)
/// name` defines an id, `(id)` refers to it, a bare name stands for itself.
/// Names are views into the text. A defined name gets an index of its own
/// without a look-up, as callgrind defines each name once; a bare name is
/// looked up, so repeating it gives its index again. A name that still
/// gets two indices names one function all the same: sinks match names.
class NameTable {
 public:
  /// The index of the name `spec` gives, or kNone with `error` set.
  std::size_t resolve(std::string_view spec, std::string& error) {
    // Most names are references, "(id)": straight to the table.
    if (spec.size() > 2 && spec.front() == '(' && spec.back() == ')') {
      const char* p = spec.data() + 1;
      std::uint64_t id;
      if (digits(p, spec.data() + spec.size() - 1, 10, id) &&
          p == spec.data() + spec.size() - 1 && id < by_id_.size() &&
          by_id_[id] != kNone)
        return by_id_[id];
    }
    spec = trim(spec);
    if (spec.empty() || spec.front() != '(') return intern(spec);
    const std::size_t close = spec.find(')');
    const char* p = spec.data() + 1;
    const auto id = close == std::string_view::npos
                        ? std::nullopt
                        : number(p, spec.data() + close);
    if (!id || *id > kMaxNameId) {
      error = "bad name id in '" + std::string(spec) + "'";
      return kNone;
    }
    const std::string_view name = trim(spec.substr(close + 1));
    if (by_id_.size() <= *id) by_id_.resize(*id + 1, kNone);
    if (!name.empty()) {
      names_.push_back(name);
      return by_id_[*id] = names_.size() - 1;
    }
    if (by_id_[*id] == kNone)
      error = "name id (" + std::to_string(*id) + ") used before defined";
    return by_id_[*id];
  }
  std::size_t intern(std::string_view name) {
    auto [it, added] = index_.try_emplace(name, names_.size());
    if (added) names_.push_back(name);
    return it->second;
  }
  std::string_view name(std::size_t index) const { return names_[index]; }

 private:
  std::vector<std::size_t> by_id_;
  std::vector<std::string_view> names_;
  std::unordered_map<std::string_view, std::size_t> index_;
};

/// The sink's handle of each function the file names, found by its
/// function name's index first: a name nearly always has one object and
/// file, so a look-up is an array access and a comparison or two.
class FunctionTable {
 public:
  /// The handle of (object, file, fn), or kNone when it has none yet.
  std::size_t find(std::size_t object, std::size_t file, std::size_t fn) const {
    for (std::size_t i = fn < first_.size() ? first_[fn] : kNone; i != kNone;
         i = slots_[i].next)
      if (slots_[i].object == object && slots_[i].file == file)
        return slots_[i].handle;
    return kNone;
  }
  void add(std::size_t object, std::size_t file, std::size_t fn,
           std::size_t handle) {
    if (first_.size() <= fn) first_.resize(fn + 1, kNone);
    slots_.push_back({object, file, handle, first_[fn]});
    first_[fn] = slots_.size() - 1;
  }

 private:
  struct Slot {
    std::size_t object, file, handle, next;
  };
  std::vector<std::size_t> first_;  // by function name index
  std::vector<Slot> slots_;
};

enum Kind { kObject = 0, kFile = 1, kFunction = 2 };

class Parser {
 public:
  Parser(std::string_view text, const std::string& name, ProfileSink& sink)
      : text_(text), name_(name), sink_(sink) {
    for (NameTable& t : names_) unknown_.push_back(t.intern("???"));
    object_ = unknown_[kObject];
    file_ = fl_ = unknown_[kFile];
  }
  ProfileHeader run();

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw ProfileError(name_, line_no_, message);
  }
  void line(std::string_view l);
  void header_line(std::string_view key, std::string_view value);
  void spec_line(std::string_view key, std::string_view value);
  void cost_line(std::string_view l);
  void calls_line(std::string_view value);
  void parse_costs(const char* p, const char* end, Costs& into);
  std::size_t name(Kind kind, std::string_view spec);
  std::size_t function_at(std::size_t object, std::size_t file, std::size_t fn);
  void finish();

  std::string_view text_;
  const std::string& name_;
  ProfileSink& sink_;
  std::size_t line_no_ = 0;
  std::vector<std::string> events_;  // empty until the `events:` line
  Costs sum_;  // of all self costs, to check the `totals:` line
  ProfileHeader header_;
  std::size_t positions_ = 1;  // numbers of a position: "line", "instr line"
  std::optional<Costs> totals_;
  NameTable names_[3];
  std::vector<std::size_t> unknown_;  // "???" of each kind
  std::size_t object_, fl_, file_;    // ob=, fl=, and fl= after fi=/fe=
  std::size_t function_ = kNone;      // the sink's handle
  // The call being read: cob=/cfi=/cfn= and calls=, until its cost line.
  std::size_t call_object_ = kNone, call_file_ = kNone, call_fn_ = kNone;
  std::optional<std::uint64_t> call_count_;
  FunctionTable functions_;
  Costs costs_;  // scratch for one cost line
};

ProfileHeader Parser::run() {
  const char* p = text_.data();
  const char* end = p + text_.size();
  while (p < end) {
    ++line_no_;
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (!nl) fail("the last line is incomplete: the file is cut short");
    line(std::string_view(p, nl - p));
    p = nl + 1;
  }
  finish();
  return std::move(header_);
}

void Parser::line(std::string_view l) {
  if (l.empty() || l.front() == '#') return;
  const char c = l.front();
  if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '*')
    return cost_line(l);
  std::size_t k = 0;
  while (k < l.size() && ((l[k] | 0x20) >= 'a' && (l[k] | 0x20) <= 'z')) ++k;
  if (k > 0 && k < l.size() && l[k] == '=')
    return spec_line(l.substr(0, k), l.substr(k + 1));
  if (k > 0 && k < l.size() && l[k] == ':')
    return header_line(l.substr(0, k), trim(l.substr(k + 1)));
  if (trim(l).empty()) return;
  fail("not a callgrind line: '" + std::string(l.substr(0, 60)) + "'");
}

void Parser::header_line(std::string_view key, std::string_view value) {
  if (key == "events") {
    if (!events_.empty()) fail("a second 'events:' line");
    events_ = words(value);
    if (events_.empty()) fail("an 'events:' line without events");
    costs_.assign(events_.size(), 0);
    sum_.assign(events_.size(), 0);
    sink_.begin(events_);
  } else if (key == "positions") {
    positions_ = words(value).size();
    if (positions_ == 0) fail("a 'positions:' line without positions");
  } else if (key == "totals" || key == "summary") {
    if (events_.empty()) fail("'" + std::string(key) + ":' before 'events:'");
    Costs costs(events_.size(), 0);
    parse_costs(value.data(), value.data() + value.size(), costs);
    if (key == "totals") totals_ = std::move(costs);
  } else if (key == "creator") {
    header_.creator = value;
  } else if (key == "cmd") {
    header_.cmd = value;
  } else if (key == "desc") {
    header_.desc.emplace_back(value);
  }
  // version:, pid:, part:, thread: and others say nothing about costs.
}

void Parser::spec_line(std::string_view key, std::string_view value) {
  if (events_.empty())
    fail("'" + std::string(key) + "=' before the 'events:' line");
  if (call_count_) fail("'calls=' is not followed by the cost of the call");
  if (key == "fn") {
    file_ = fl_;
    function_ = function_at(object_, fl_, name(kFunction, value));
  } else if (key == "fl") {
    file_ = fl_ = name(kFile, value);
  } else if (key == "fi" || key == "fe") {
    file_ = name(kFile, value);
  } else if (key == "ob") {
    object_ = name(kObject, value);
  } else if (key == "cob") {
    call_object_ = name(kObject, value);
  } else if (key == "cfi" || key == "cfl") {
    call_file_ = name(kFile, value);
  } else if (key == "cfn") {
    call_fn_ = name(kFunction, value);
  } else if (key == "calls") {
    calls_line(value);
  } else if (key == "jfi") {
    name(kFile, value);  // may define a compressed name used later
  } else if (key == "jfn") {
    name(kFunction, value);
  } else if (key != "jump" && key != "jcnd") {
    fail("unknown line '" + std::string(key) + "='");
  }
}

void Parser::calls_line(std::string_view value) {
  if (call_fn_ == kNone) fail("'calls=' without a 'cfn=' line before it");
  if (function_ == kNone) fail("'calls=' before any 'fn=' line");
  const char* p = value.data();
  const char* end = p + value.size();
  call_count_ = number(p, end);
  if (!call_count_)
    fail("bad call count in 'calls=" + std::string(value) + "'");
  // The target position that follows says where the callee starts: unused.
}

void Parser::cost_line(std::string_view l) {
  if (events_.empty()) fail("a cost line before the 'events:' line");
  if (function_ == kNone) fail("a cost line before any 'fn=' line");
  const char* p = l.data();
  const char* end = p + l.size();
  for (std::size_t i = 0; i < positions_; ++i) {
    while (p < end && is_blank(*p)) ++p;
    // "*" (the same) and "0" (no line: tally dumps with --dump-line=no) are
    // most positions.
    if (p < end && (*p == '*' || *p == '0') &&
        (p + 1 == end || is_blank(p[1]))) {
      ++p;
    } else {
      if (p < end && (*p == '+' || *p == '-')) ++p;
      if (!number(p, end)) fail("bad position in '" + std::string(l) + "'");
    }
    if (p < end && !is_blank(*p))
      fail("bad position in '" + std::string(l) + "'");
  }
  std::fill(costs_.begin(), costs_.end(), 0);
  parse_costs(p, end, costs_);
  if (!call_count_) {
    add_costs(sum_, costs_);
    return sink_.self(function_, costs_);
  }
  const std::size_t callee =
      function_at(call_object_ == kNone ? object_ : call_object_,
                  call_file_ == kNone ? file_ : call_file_, call_fn_);
  sink_.call(function_, callee, *call_count_, costs_);
  // cob= and cfi= name the callee of the next call only.
  call_object_ = call_file_ = call_fn_ = kNone;
  call_count_.reset();
}

void Parser::parse_costs(const char* p, const char* end, Costs& into) {
  for (std::size_t i = 0;; ++i) {
    while (p < end && is_blank(*p)) ++p;
    if (p == end) return;
    const char* start = p;
    const auto value = number(p, end);
    if (!value) {
      while (p < end && !is_blank(*p)) ++p;
      fail("bad number '" + std::string(start, p) + "'");
    }
    if (i >= into.size())
      fail("more costs than the " + std::to_string(into.size()) + " events");
    into[i] = *value;
  }
}

std::size_t Parser::name(Kind kind, std::string_view spec) {
  std::string error;
  const std::size_t index = names_[kind].resolve(spec, error);
  if (index == kNone) fail(error);
  return index;
}

std::size_t Parser::function_at(std::size_t object, std::size_t file,
                                std::size_t fn) {
  std::size_t handle = functions_.find(object, file, fn);
  if (handle == kNone) {
    handle =
        sink_.function(names_[kObject].name(object), names_[kFile].name(file),
                       names_[kFunction].name(fn));
    functions_.add(object, file, fn, handle);
  }
  return handle;
}

void Parser::finish() {
  line_no_ = 0;  // what is missing is nowhere
  if (events_.empty()) fail("no 'events:' line: not a callgrind profile");
  if (call_count_) fail("the file is cut short after a 'calls=' line");
  if (!totals_) fail("no 'totals:' line: the file is cut short");
  for (std::size_t i = 0; i < sum_.size(); ++i)
    if (sum_[i] != (*totals_)[i])
      fail("'totals:' says " + std::to_string((*totals_)[i]) + " " +
           events_[i] + " but the costs add up to " + std::to_string(sum_[i]));
}

/// Builds a Profile from what the reader streams.
class Builder : public ProfileSink {
 public:
  void begin(const std::vector<std::string>& events) override {
    profile.emplace(events);
  }
  std::size_t function(std::string_view object, std::string_view file,
                       std::string_view name) override {
    return profile->find_or_add(
        {std::string(object), std::string(file), std::string(name)});
  }
  void self(std::size_t function, const Costs& costs) override {
    add_costs(profile->function(function).self, costs);
  }
  void call(std::size_t caller, std::size_t callee, std::uint64_t count,
            const Costs& inclusive) override {
    Call& c = profile->call(caller, callee);
    c.count += count;
    add_costs(c.inclusive, inclusive);
  }
  std::optional<Profile> profile;
};

std::string read_whole(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat info {};
  if (!fd.valid() || ::fstat(fd.get(), &info) != 0)
    throw Error(path + ": cannot read: " + std::strerror(errno),
                ExitCode::kIoError);
  std::string text(static_cast<std::size_t>(info.st_size), '\0');
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::read(fd.get(), &text[done], text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      throw Error(path + ": cannot read: " + std::strerror(errno),
                  ExitCode::kIoError);
    if (n == 0) break;  // shrank while read: the parser says it is cut short
    done += static_cast<std::size_t>(n);
  }
  text.resize(done);
  return text;
}

}  // namespace

ProfileHeader stream_callgrind_text(std::string_view text,
                                    const std::string& name,
                                    ProfileSink& sink) {
  return Parser(text, name, sink).run();
}

ProfileHeader stream_callgrind(const std::string& path, ProfileSink& sink) {
  return stream_callgrind_text(read_whole(path), path, sink);
}

Profile parse_callgrind(std::string_view text, const std::string& name) {
  Builder builder;
  const ProfileHeader header = stream_callgrind_text(text, name, builder);
  builder.profile->header() = header;
  return std::move(*builder.profile);
}

Profile read_callgrind(const std::string& path) {
  return parse_callgrind(read_whole(path), path);
}

}  // namespace tally::profile

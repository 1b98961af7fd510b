#include "explain/flamegraph.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/error.hpp"

namespace tally::explain {
namespace {

using Options = FlamegraphOptions;

constexpr std::size_t kRoot = std::numeric_limits<std::size_t>::max();
constexpr double kRow = 16;              // px per row of boxes
constexpr double kCharWidth = 11 * 0.6;  // 11 px monospace
constexpr double kMargin = 10;           // px left and right
constexpr double kTop = 56;              // px above the root row
constexpr double kLegendLine = 16;       // px per line of the legend

std::string default_key(const profile::FunctionKey& key) {
  const std::size_t slash = key.object.rfind('/');
  const std::size_t base = slash == std::string::npos ? 0 : slash + 1;
  return key.name + '\n' + key.object.substr(base);
}

// The functions of both profiles under one numbering, so that a box finds
// its cost on both sides by the same index.
struct Functions {
  std::vector<const profile::FunctionKey*> keys;  // as first seen: drawn
  std::unordered_map<std::string, std::size_t> index;
};

std::vector<std::size_t> number(const profile::Profile& p,
                                const Options& options, Functions& fns) {
  std::vector<std::size_t> ids;
  ids.reserve(p.functions().size());
  for (const profile::Function& f : p.functions()) {
    const std::string key =
        options.match_key ? options.match_key(f.key) : default_key(f.key);
    const auto [it, added] = fns.index.try_emplace(key, fns.keys.size());
    if (added) fns.keys.push_back(&f.key);
    ids.push_back(it->second);
  }
  return ids;
}

// One profile's first event under the shared numbering.
struct Side {
  std::vector<double> self, inclusive;
  std::vector<std::unordered_map<std::size_t, double>> calls;  // by callee
  std::vector<bool> called;  // by another function
  double total = 0;

  double call(std::size_t caller, std::size_t callee) const {
    const auto it = calls[caller].find(callee);
    return it == calls[caller].end() ? 0 : it->second;
  }
};

Side read_side(const profile::Profile& p, const std::vector<std::size_t>& ids,
               std::size_t count) {
  Side s{std::vector<double>(count), std::vector<double>(count),
         std::vector<std::unordered_map<std::size_t, double>>(count),
         std::vector<bool>(count), static_cast<double>(p.total()[0])};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const profile::Function& f = p.functions()[i];
    s.self[ids[i]] += f.self[0];
    for (const profile::Call& c : f.calls) {
      // A call to itself is inside its caller's inclusive cost already.
      if (ids[c.callee] == ids[i]) continue;
      s.calls[ids[i]][ids[c.callee]] += c.inclusive[0];
      s.called[ids[c.callee]] = true;
    }
  }
  // As `tally explain` counts it: self plus the calls to other functions.
  for (std::size_t f = 0; f < count; ++f) {
    s.inclusive[f] = s.self[f];
    for (const auto& [callee, cost] : s.calls[f]) s.inclusive[f] += cost;
  }
  return s;
}

struct Box {
  std::size_t function;  // kRoot: "all"
  int depth;
  double wide, other;  // inclusive cost along the path, on both sides
  double x, width;     // px
  bool cut;            // already on the path: not expanded
};

// A callee's cost along one path, on both sides.
struct Child {
  std::size_t function;
  double wide, other;
};

// The boxes, depth first, following the pairs of the profile that sets the
// widths (`wide`) and the same paths in the other one.
class Tree {
 public:
  Tree(const Functions& fns, Side wide, Side other, const Options& options)
      : fns_(fns),
        wide_(std::move(wide)),
        other_(std::move(other)),
        options_(options),
        on_path_(fns.keys.size()) {
    boxes_.push_back({kRoot, 0, wide_.total, other_.total, kMargin,
                      options.image_width - 2 * kMargin, false});
    place(0, roots());
  }
  const std::vector<Box>& boxes() const { return boxes_; }
  std::size_t pruned() const { return pruned_; }
  bool too_deep() const { return too_deep_; }

 private:
  std::vector<Child> roots() const;
  std::vector<Child> callees(const Box& box) const;
  void place(std::size_t parent, std::vector<Child> children);
  void expand(std::size_t index);

  const Functions& fns_;
  const Side wide_, other_;
  const Options& options_;
  std::vector<bool> on_path_;
  std::vector<Box> boxes_;
  std::size_t pruned_ = 0;
  bool too_deep_ = false;
};

std::vector<Child> Tree::roots() const {
  std::vector<Child> roots;
  std::size_t costliest = 0;
  for (std::size_t f = 0; f < wide_.inclusive.size(); ++f) {
    if (wide_.inclusive[f] > wide_.inclusive[costliest]) costliest = f;
    if (!wide_.called[f] && wide_.inclusive[f] > 0)
      roots.push_back({f, wide_.inclusive[f], other_.inclusive[f]});
  }
  // Every function is called, within cycles: start at the costliest.
  if (roots.empty() && !wide_.inclusive.empty())
    roots.push_back(
        {costliest, wide_.inclusive[costliest], other_.inclusive[costliest]});
  return roots;
}

std::vector<Child> Tree::callees(const Box& box) const {
  const std::size_t f = box.function;
  // The share of f's inclusive cost that this path carries, on each side:
  // what its callees get of their pairs with f.
  const double share = box.wide / wide_.inclusive[f];
  const double other_share =
      other_.inclusive[f] > 0 ? box.other / other_.inclusive[f] : 0;
  std::vector<Child> children;
  for (const auto& [callee, cost] : wide_.calls[f])
    children.push_back(
        {callee, share * cost, other_share * other_.call(f, callee)});
  return children;
}

void Tree::place(std::size_t parent, std::vector<Child> children) {
  // By name, as flamegraphs are, so that a function keeps its place between
  // the kNew and the kBase picture of the same profiles.
  std::sort(children.begin(), children.end(),
            [this](const Child& a, const Child& b) {
              const std::string& x = fns_.keys[a.function]->name;
              const std::string& y = fns_.keys[b.function]->name;
              return x != y ? x < y : a.function < b.function;
            });
  double sum = 0;
  for (const Child& c : children) sum += c.wide;
  if (sum <= 0) return;
  const Box p = boxes_[parent];  // a copy: boxes_ grows below
  // Cycles can make the callees add up to more than their caller: they are
  // squeezed into it rather than drawn past its end.
  const double scale = p.width / std::max(sum, p.wide);
  double x = p.x;
  for (const Child& c : children) {
    const double width = c.wide * scale;
    if (width < options_.min_box_width) {
      ++pruned_;
    } else {
      boxes_.push_back({c.function, p.depth + 1, c.wide, c.other, x, width,
                        on_path_[c.function]});
      expand(boxes_.size() - 1);
    }
    x += width;
  }
}

void Tree::expand(std::size_t index) {
  const Box& box = boxes_[index];
  const std::size_t f = box.function;
  if (box.cut || box.wide <= 0 || wide_.calls[f].empty()) return;
  if (box.depth >= options_.max_depth) {
    too_deep_ = true;
    return;
  }
  on_path_[f] = true;
  place(index, callees(box));
  on_path_[f] = false;
}

// The length of the character at the start of `s` (non-empty) if it is
// valid UTF-8 and allowed in XML, else 0.
std::size_t xml_char_length(std::string_view s) {
  const auto lead = static_cast<unsigned char>(s[0]);
  if (lead < 0x80) return lead >= 0x20 ? 1 : 0;
  const std::size_t length = lead >= 0xF8   ? 0
                             : lead >= 0xF0 ? 4
                             : lead >= 0xE0 ? 3
                             : lead >= 0xC0 ? 2
                                            : 0;
  if (length == 0 || s.size() < length) return 0;
  char32_t c = lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    const auto next = static_cast<unsigned char>(s[i]);
    if ((next & 0xC0) != 0x80) return 0;
    c = c << 6 | (next & 0x3F);
  }
  static constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
  const bool allowed = c >= kShortest[length] && c <= 0x10FFFF &&
                       (c < 0xD800 || c > 0xDFFF) && c != 0xFFFE && c != 0xFFFF;
  return allowed ? length : 0;
}

// `s` as XML text or attribute. A byte XML does not allow becomes '?':
// a browser refuses a whole SVG for one of them.
std::string escape(std::string_view s) {
  static constexpr std::string_view kSpecial = "&<>\"'";
  static constexpr const char* kEntity[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                            "&apos;"};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t length = xml_char_length(s.substr(i));
    const std::size_t special = kSpecial.find(s[i]);
    if (length == 0) {
      out += '?';
    } else if (special != std::string_view::npos) {
      out += kEntity[special];
    } else {
      out.append(s, i, length);
    }
    i += std::max<std::size_t>(length, 1);
  }
  return out;
}

// 1234567 -> "1,234,567".
std::string grouped(std::int64_t n) {
  const std::uint64_t magnitude =
      n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  return (n < 0 ? "-" : "") + group_thousands(std::to_string(magnitude));
}

std::string signed_grouped(std::int64_t n) {
  return (n > 0 ? "+" : "") + grouped(n);
}

std::string format(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

std::string px(double value) { return format("%.2f", value); }

// Red for a cost that grew, blue for one that shrank, deeper the larger the
// change against the largest one drawn; grey when it did not change.
std::string fill(std::int64_t change, std::int64_t largest) {
  if (change == 0) return "rgb(208,208,208)";
  // The square root keeps a change a hundredth of the largest visible (a
  // tenth of the full tint), where a linear scale would leave it white.
  const double t = std::sqrt(static_cast<double>(std::abs(change)) /
                             static_cast<double>(largest));
  const int fade = static_cast<int>(std::lround(215 - 175 * t));
  const std::string f = std::to_string(fade);
  return change > 0 ? "rgb(255," + f + "," + f + ")"
                    : "rgb(" + f + "," + f + ",255)";
}

// As much of `name` as fits in `width` px; nothing when 3 characters do not.
std::string label(const std::string& name, double width) {
  const double room = (width - 4) / kCharWidth;
  if (room < 3) return "";
  const auto fits = static_cast<std::size_t>(room);
  return name.size() <= fits ? name : name.substr(0, fits - 2) + "..";
}

// What is drawn, for the functions that write it.
struct Picture {
  const Functions& fns;
  const Tree& tree;
  const Options& options;
  std::string event;
  std::int64_t total_change = 0;
  std::int64_t largest_change = 0;  // in absolute value, over the boxes

  std::int64_t base(const Box& box) const {
    return std::llround(by_new() ? box.other : box.wide);
  }
  std::int64_t next(const Box& box) const {
    return std::llround(by_new() ? box.wide : box.other);
  }
  bool by_new() const { return options.width == Options::Width::kNew; }
  std::string name(const Box& box) const {
    return box.function == kRoot ? "all" : fns.keys[box.function]->name;
  }
};

// "+500 (+50.0%)": the change and how much that is of `base`.
std::string change_text(std::int64_t base, std::int64_t next) {
  const std::int64_t change = next - base;
  const std::string relative =
      base == 0 ? "new" : format("%+.1f%%", 100.0 * change / base);
  return signed_grouped(change) + " (" + relative + ")";
}

std::string tooltip(const Box& box, const Picture& pic) {
  const std::int64_t base = pic.base(box), next = pic.next(box);
  std::string t = escape(pic.name(box));
  if (box.function != kRoot)
    t += "\nobject: " + escape(pic.fns.keys[box.function]->object);
  t += "\nbase: " + grouped(base) + "  new: " + grouped(next) +
       "  delta: " + change_text(base, next);
  t += "\nshare: ";
  t += pic.total_change == 0
           ? "none (the total did not change)"
           : format("%.1f%%", 100.0 * (next - base) / pic.total_change) +
                 " of the total change";
  if (box.cut) t += "\nalready on the path (recursion): not expanded";
  return t;
}

void write_box(std::ostream& out, const Box& box, const Picture& pic) {
  const double y = kTop + box.depth * kRow;
  out << "<g><title>" << tooltip(box, pic) << "</title><rect x=\"" << px(box.x)
      << "\" y=\"" << px(y) << "\" width=\"" << px(box.width) << "\" height=\""
      << kRow - 1 << "\" fill=\""
      << fill(pic.next(box) - pic.base(box), pic.largest_change) << "\"/>";
  const std::string text = label(pic.name(box), box.width);
  if (!text.empty())
    out << "<text x=\"" << px(box.x + 2) << "\" y=\"" << px(y + kRow - 4)
        << "\">" << escape(text) << "</text>";
  out << "</g>\n";
}

void write_swatch(std::ostream& out, double x, double y, const char* colour,
                  const char* meaning) {
  out << "<rect x=\"" << px(x) << "\" y=\"" << px(y - 10) << "\" width=\"10\""
      << " height=\"10\" fill=\"" << colour << "\"/><text x=\"" << px(x + 14)
      << "\" y=\"" << px(y) << "\">" << meaning << "</text>\n";
}

// The legend, from `y` down: colours, widths, and what was not drawn.
void write_legend(std::ostream& out, double y, const Picture& pic) {
  write_swatch(out, kMargin, y, "rgb(255,40,40)", "grew");
  write_swatch(out, kMargin + 60, y, "rgb(40,40,255)", "shrank");
  write_swatch(out, kMargin + 130, y, "rgb(208,208,208)", "unchanged");
  out << "<text x=\"" << px(kMargin + 230) << "\" y=\"" << px(y)
      << "\">width: inclusive " << escape(pic.event) << " in the "
      << (pic.by_new() ? "new" : "base")
      << " profile; colour: its change from base to new</text>\n";
  out << "<text x=\"" << px(kMargin) << "\" y=\"" << px(y + kLegendLine)
      << "\">callgrind records caller-&gt;callee pairs, not stacks: callees "
         "are split in proportion to their caller's paths, which may "
         "mis-attribute</text>\n";
  std::string cut =
      "not drawn: calls narrower than " +
      format("%g", pic.options.min_box_width) + " px (" +
      std::to_string(pic.tree.pruned()) +
      "); the callees of a function already on the path (recursion)";
  if (pic.tree.too_deep())
    cut += "; rows below " + std::to_string(pic.options.max_depth);
  out << "<text x=\"" << px(kMargin) << "\" y=\"" << px(y + 2 * kLegendLine)
      << "\">" << cut << "</text>\n";
}

void write_svg(std::ostream& out, const std::string& title,
               const Picture& pic) {
  int depth = 0;
  for (const Box& box : pic.tree.boxes()) depth = std::max(depth, box.depth);
  const double legend = kTop + (depth + 1) * kRow + 20;
  const double height = legend + 3 * kLegendLine;
  const std::string width = px(pic.options.image_width);
  const Box& root = pic.tree.boxes().front();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
      << "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\""
      << width << "\" height=\"" << px(height) << "\" viewBox=\"0 0 " << width
      << " " << px(height) << "\" font-family=\"monospace\" font-size=\"11\">"
      << "\n<style>rect:hover{stroke:#000;stroke-width:1}"
      << "text{pointer-events:none}</style>\n"
      << "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
      << "<text x=\"" << px(kMargin) << "\" y=\"22\" font-size=\"16\">"
      << escape(title) << "</text>\n"
      << "<text x=\"" << px(kMargin) << "\" y=\"42\">" << escape(pic.event)
      << ": base " << grouped(pic.base(root)) << " -&gt; new "
      << grouped(pic.next(root)) << ", "
      << change_text(pic.base(root), pic.next(root)) << "</text>\n";
  for (const Box& box : pic.tree.boxes()) write_box(out, box, pic);
  write_legend(out, legend, pic);
  out << "</svg>\n";
}

}  // namespace

void write_diff_flamegraph(const profile::Profile& base,
                           const profile::Profile& next,
                           const std::string& title, std::ostream& out,
                           const FlamegraphOptions& options) {
  const std::string& event = next.events().front();
  if (base.events().front() != event)
    throw Error("cannot draw a flamegraph of '" + base.events().front() +
                    "' against '" + event + "': the profiles' events differ",
                ExitCode::kBadInput);
  const bool by_new = options.width == Options::Width::kNew;
  const profile::Profile& wide = by_new ? next : base;
  const profile::Profile& other = by_new ? base : next;
  Functions fns;
  const std::vector<std::size_t> wide_ids = number(wide, options, fns);
  const std::vector<std::size_t> other_ids = number(other, options, fns);
  const Tree tree(fns, read_side(wide, wide_ids, fns.keys.size()),
                  read_side(other, other_ids, fns.keys.size()), options);
  Picture pic{fns, tree, options, event};
  const Box& root = tree.boxes().front();
  pic.total_change = pic.next(root) - pic.base(root);
  for (const Box& box : tree.boxes())
    pic.largest_change =
        std::max(pic.largest_change, std::abs(pic.next(box) - pic.base(box)));
  write_svg(out, title, pic);
}

}  // namespace tally::explain

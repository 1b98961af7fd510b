// The differential flamegraph on hand-built profiles (colours, deltas,
// shares, proportional split, escaping, recursion, pruning) and on two real
// callgrind dumps; every picture must be well-formed XML.
#include "explain/flamegraph.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "profile/callgrind_reader.hpp"
#include "support/tally_cli.hpp"

namespace tally::explain {
namespace {

using profile::Profile;

std::size_t fn(Profile& p, const std::string& name,
               const std::string& object = "/opt/prog") {
  return p.find_or_add({object, "prog.cpp", name});
}

void self(Profile& p, const std::string& name, std::uint64_t cost) {
  p.function(fn(p, name)).self = {cost};
}

void call(Profile& p, const std::string& from, const std::string& to,
          std::uint64_t inclusive) {
  profile::Call& c = p.call(fn(p, from), fn(p, to));
  c.count += 1;
  c.inclusive = {inclusive};
}

// main calls grow, shrink and same, whose costs are their own.
Profile program(std::uint64_t grow, std::uint64_t shrink) {
  Profile p({"Ir"});
  self(p, "main", 10);
  for (const auto& [name, cost] :
       {std::pair<std::string, std::uint64_t>{"grow", grow},
        {"shrink", shrink},
        {"same", 50}}) {
    self(p, name, cost);
    call(p, "main", name, cost);
  }
  return p;
}

std::string draw(const Profile& base, const Profile& next,
                 const FlamegraphOptions& options = {}) {
  std::ostringstream out;
  write_diff_flamegraph(base, next, "cell <a&b>", out, options);
  return out.str();
}

// Tags balance and every '&' starts an entity: what a browser needs of an
// SVG, checked again by xmllint where it is installed.
void expect_well_formed(const std::string& svg) {
  std::vector<std::string> open;
  for (std::size_t at = svg.find('<'); at != std::string::npos;
       at = svg.find('<', at + 1)) {
    const std::size_t end = svg.find('>', at);
    ASSERT_NE(end, std::string::npos);
    const std::string tag = svg.substr(at + 1, end - at - 1);
    if (tag[0] == '?' || tag.back() == '/') continue;
    const bool closing = tag[0] == '/';
    const std::string name =
        tag.substr(closing, tag.find_first_of(" />", closing) - closing);
    if (!closing) {
      open.push_back(name);
      continue;
    }
    ASSERT_FALSE(open.empty()) << tag;
    EXPECT_EQ(open.back(), name);
    open.pop_back();
  }
  EXPECT_TRUE(open.empty());
  for (std::size_t at = svg.find('&'); at != std::string::npos;
       at = svg.find('&', at + 1)) {
    const std::string entity = svg.substr(at, svg.find(';', at) - at + 1);
    EXPECT_TRUE(entity == "&amp;" || entity == "&lt;" || entity == "&gt;" ||
                entity == "&quot;" || entity == "&apos;")
        << entity;
  }
  if (std::system("xmllint --version >/dev/null 2>&1") != 0) return;
  const std::string path = test::make_temp_dir("flamegraph") + "/f.svg";
  test::write_text(path, svg);
  EXPECT_EQ(std::system(("xmllint --noout " + test::quote(path)).c_str()), 0);
}

struct Drawn {
  std::string title;
  int red = 0, green = 0, blue = 0;
};

// The boxes of `svg`: a <g> with a <title> and a <rect>.
std::vector<Drawn> boxes(const std::string& svg) {
  std::vector<Drawn> found;
  const std::string open = "<g><title>";
  for (std::size_t at = svg.find(open); at != std::string::npos;
       at = svg.find(open, at + 1)) {
    const std::size_t title_end = svg.find("</title>", at);
    Drawn d;
    d.title = svg.substr(at + open.size(), title_end - at - open.size());
    const std::size_t fill = svg.find("fill=\"rgb(", title_end) + 10;
    std::sscanf(svg.c_str() + fill, "%d,%d,%d", &d.red, &d.green, &d.blue);
    found.push_back(d);
  }
  return found;
}

// The boxes of the function named `name`, in the order drawn.
std::vector<Drawn> named(const std::vector<Drawn>& all,
                         const std::string& name) {
  std::vector<Drawn> found;
  for (const Drawn& d : all)
    if (d.title.rfind(name + "\n", 0) == 0) found.push_back(d);
  return found;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Flamegraph, GrownIsRedShrunkIsBlueUnchangedIsGrey) {
  const std::string svg = draw(program(100, 200), program(300, 50));
  expect_well_formed(svg);
  const std::vector<Drawn> all = boxes(svg);
  ASSERT_EQ(all.size(), 5u);  // all, main and its three callees

  const std::vector<Drawn> grow = named(all, "grow");
  ASSERT_EQ(grow.size(), 1u);
  EXPECT_GT(grow[0].red, grow[0].blue);
  EXPECT_TRUE(has(grow[0].title, "object: /opt/prog\n")) << grow[0].title;
  EXPECT_TRUE(has(grow[0].title, "base: 100  new: 300  delta: +200 (+200.0%)"))
      << grow[0].title;
  // The total grew by 50: +200 is four times that.
  EXPECT_TRUE(has(grow[0].title, "share: 400.0% of the total change"));

  const std::vector<Drawn> shrink = named(all, "shrink");
  ASSERT_EQ(shrink.size(), 1u);
  EXPECT_GT(shrink[0].blue, shrink[0].red);
  EXPECT_TRUE(has(shrink[0].title, "base: 200  new: 50  delta: -150 (-75.0%)"))
      << shrink[0].title;
  EXPECT_TRUE(has(shrink[0].title, "share: -300.0% of the total change"));

  const std::vector<Drawn> same = named(all, "same");
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].red, same[0].blue);
  EXPECT_TRUE(has(same[0].title, "delta: 0 (+0.0%)")) << same[0].title;

  // The larger change gets the deeper colour.
  EXPECT_LT(grow[0].green, shrink[0].green);
  EXPECT_TRUE(has(svg, "Ir: base 360 -&gt; new 410, +50 (+13.9%)"));
  EXPECT_TRUE(has(svg, "cell &lt;a&amp;b&gt;"));
}

TEST(Flamegraph, EscapesNamesAndBytesXmlForbids) {
  Profile p({"Ir"});
  const std::string name = "std::map<int, char>::operator&(\"x\", 'y')";
  const std::size_t main = fn(p, "main");
  // A stray byte of another encoding, and a control character.
  const std::size_t f = fn(p, name, "/opt/lib\xff\x01.so");
  p.function(main).self = {10};
  p.function(f).self = {90};
  p.call(main, f).inclusive = {90};
  const std::string svg = draw(p, p);
  expect_well_formed(svg);
  EXPECT_FALSE(has(svg, "<int"));
  EXPECT_TRUE(has(svg,
                  "std::map&lt;int, char&gt;::operator&amp;"
                  "(&quot;x&quot;, &apos;y&apos;)"));
  EXPECT_TRUE(has(svg, "object: /opt/lib??.so"));
}

TEST(Flamegraph, RecursionAndCyclesAreCutNotExpanded) {
  Profile p({"Ir"});
  self(p, "main", 10);
  self(p, "a", 30);
  self(p, "b", 20);
  call(p, "main", "a", 150);
  call(p, "a", "a", 60);   // calls itself
  call(p, "a", "b", 120);  // b -> a -> b ...
  call(p, "b", "a", 100);
  const std::string svg = draw(p, p);
  expect_well_formed(svg);
  const std::vector<Drawn> a = named(boxes(svg), "a");
  // main -> a -> b -> a, where a stops: it is on the path already.
  ASSERT_EQ(a.size(), 2u);
  EXPECT_FALSE(has(a[0].title, "recursion"));
  EXPECT_TRUE(has(a[1].title, "already on the path (recursion)"));
  EXPECT_EQ(named(boxes(svg), "b").size(), 1u);

  // Only a cycle, nothing uncalled: it starts at the costliest function.
  Profile cycle({"Ir"});
  self(cycle, "x", 10);
  self(cycle, "y", 30);
  call(cycle, "x", "y", 40);
  call(cycle, "y", "x", 10);
  const std::vector<Drawn> drawn = boxes(draw(cycle, cycle));
  ASSERT_EQ(drawn.size(), 4u);  // all -> x -> y -> x
  EXPECT_EQ(drawn[1].title.substr(0, 2), "x\n");
  EXPECT_EQ(drawn[2].title.substr(0, 2), "y\n");
  EXPECT_TRUE(has(drawn[3].title, "recursion"));
}

TEST(Flamegraph, CalleesAreSplitInProportionToTheirCallers) {
  Profile p({"Ir"});
  self(p, "main", 10);
  self(p, "p1", 5);
  self(p, "p2", 5);
  self(p, "f", 20);
  self(p, "g", 80);
  call(p, "main", "p1", 30);
  call(p, "main", "p2", 80);
  call(p, "p1", "f", 25);  // a quarter of f's calls
  call(p, "p2", "f", 75);
  call(p, "f", "g", 80);
  const std::vector<Drawn> g = named(boxes(draw(p, p)), "g");
  ASSERT_EQ(g.size(), 2u);
  EXPECT_TRUE(has(g[0].title, "base: 20  new: 20")) << g[0].title;
  EXPECT_TRUE(has(g[1].title, "base: 60  new: 60")) << g[1].title;
  EXPECT_TRUE(has(g[0].title, "share: none (the total did not change)"));
}

TEST(Flamegraph, NarrowCallsAreNotDrawnAndCounted) {
  Profile p({"Ir"});
  self(p, "main", 1000000);
  self(p, "tiny", 1);
  call(p, "main", "tiny", 1);
  const std::string svg = draw(p, p);
  EXPECT_TRUE(named(boxes(svg), "tiny").empty());
  EXPECT_TRUE(has(svg, "not drawn: calls narrower than 0.5 px (1)"));
}

TEST(Flamegraph, DeepStacksAreCutAtMaxDepth) {
  Profile p({"Ir"});
  for (int i = 0; i < 10; ++i) {
    self(p, "f" + std::to_string(i), 1);
    call(p, "f" + std::to_string(i), "f" + std::to_string(i + 1), 10 - i);
  }
  self(p, "f10", 1);
  FlamegraphOptions options;
  options.max_depth = 4;
  const std::string svg = draw(p, p, options);
  EXPECT_EQ(boxes(svg).size(), 5u);  // all and f0..f3
  EXPECT_TRUE(has(svg, "; rows below 4"));
}

TEST(Flamegraph, BaseWidthsShowCodeThatWentAway) {
  Profile base = program(100, 200);
  self(base, "old", 100);
  call(base, "main", "old", 100);
  const Profile next = program(100, 200);
  EXPECT_TRUE(named(boxes(draw(base, next)), "old").empty());

  FlamegraphOptions options;
  options.width = FlamegraphOptions::Width::kBase;
  const std::string svg = draw(base, next, options);
  expect_well_formed(svg);
  const std::vector<Drawn> old = named(boxes(svg), "old");
  ASSERT_EQ(old.size(), 1u);
  EXPECT_GT(old[0].blue, old[0].red);
  EXPECT_TRUE(has(old[0].title, "base: 100  new: 0  delta: -100 (-100.0%)"));
  EXPECT_TRUE(has(svg, "width: inclusive Ir in the base profile"));
}

TEST(Flamegraph, MatchKeyMatchesFunctionsAcrossBuilds) {
  Profile base({"Ir"});
  self(base, "main", 10);
  self(base, "f.isra.0", 100);
  call(base, "main", "f.isra.0", 100);
  Profile next({"Ir"});
  self(next, "main", 10);
  self(next, "f", 150);
  call(next, "main", "f", 150);
  FlamegraphOptions options;
  options.match_key = [](const profile::FunctionKey& key) {
    return key.name.substr(0, key.name.find('.'));
  };
  const std::vector<Drawn> f = named(boxes(draw(base, next, options)), "f");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(has(f[0].title, "base: 100  new: 150  delta: +50 (+50.0%)"));
}

TEST(Flamegraph, ProfilesOfDifferentEventsAreBadInput) {
  try {
    draw(Profile({"Ir"}), Profile({"Dr"}));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kBadInput);
  }
}

TEST(FlamegraphCallgrind, TwoRealDumpsOfLs) {
  if (std::system("valgrind --version >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "valgrind is not installed";
  const std::string dir = test::make_temp_dir("flamegraph-ls");
  std::vector<Profile> dumps;
  for (const std::string args : {"/", "-la /usr/lib"}) {
    const std::string out = dir + "/cg." + std::to_string(dumps.size());
    const std::string command =
        "valgrind --tool=callgrind --callgrind-out-file=" + test::quote(out) +
        " /bin/ls " + args + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    dumps.push_back(profile::read_callgrind(out));
  }
  const std::string svg = draw(dumps[0], dumps[1]);
  expect_well_formed(svg);
  const std::vector<Drawn> all = boxes(svg);
  EXPECT_GT(all.size(), 20u);
  // The root is the whole of each profile.
  std::string root = all[0].title;
  root.erase(std::remove(root.begin(), root.end(), ','), root.end());
  EXPECT_TRUE(has(root, "all\nbase: " + std::to_string(dumps[0].total()[0]) +
                            "  new: " + std::to_string(dumps[1].total()[0])))
      << root;
  EXPECT_GT(all[0].red, all[0].blue);  // -la over a bigger folder costs more
}

}  // namespace
}  // namespace tally::explain

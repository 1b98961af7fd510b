#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <random>
#include <string>
#include <typeinfo>
#include <vector>

#include "config/config.hpp"
#include "core/text.hpp"

namespace tally {
namespace {

const std::string kPath = "t.yaml";
const std::string kFull =
    std::string(TALLY_TEST_DATA_DIR) + "/config/full.yaml";

// The message of the ConfigError that parsing `text` throws.
std::string config_error_of(const std::string& text) {
  try {
    parse_config(text, kPath);
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no ConfigError for:\n" << text;
  return {};
}

// Asserts the error starts at line:column and mentions each fragment.
void expect_error(const std::string& text, int line, int column,
                  const std::vector<std::string>& fragments) {
  const std::string message = config_error_of(text);
  const std::string prefix =
      kPath + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  EXPECT_EQ(message.rfind(prefix, 0), 0u)
      << "expected prefix " << prefix << " in: " << message;
  for (const std::string& fragment : fragments)
    EXPECT_NE(message.find(fragment), std::string::npos)
        << "expected '" << fragment << "' in: " << message;
}

const std::string kBench = "benchmarks:\n  - name: a\n";

TEST(ConfigLoader, FullFileRoundTrip) {
  const Config c = load_config(kFull);
  EXPECT_EQ(c.path, kFull);
  EXPECT_EQ(c.defaults.iterations, 5);
  EXPECT_EQ(c.defaults.counter, "callgrind");
  EXPECT_EQ(c.defaults.timeout_s, 600.0);
  EXPECT_EQ(c.defaults.threads, 2);
  EXPECT_EQ(c.defaults.regions,
            (std::vector<std::string>{"total", "compile_time"}));
  EXPECT_EQ(c.defaults.memory_limit_mb, 4096.5);
  EXPECT_EQ(c.matrix.backend,
            (std::vector<std::string>{"eager", "trace", "jit", "nnc"}));
  EXPECT_EQ(c.matrix.device, (std::vector<std::string>{"cpu", "cuda"}));
  EXPECT_EQ(c.matrix.dynamic, (std::vector<bool>{false, true}));

  ASSERT_EQ(c.benchmarks.size(), 2u);
  const BenchmarkEntry& a = c.benchmarks[0];
  EXPECT_EQ(a.pattern, "basic_InlineMod");
  EXPECT_EQ(a.where.line, 14);
  EXPECT_EQ(a.where.column, 11);
  EXPECT_EQ(a.params_where.line, 15);
  ASSERT_EQ(a.params.size(), 6u);
  EXPECT_EQ(a.params.at("n").value, ParamValue{std::int64_t{1000}});
  EXPECT_EQ(a.params.at("depth").value, ParamValue{std::int64_t{10}});
  EXPECT_EQ(a.params.at("scale").value, ParamValue{0.5});
  EXPECT_EQ(a.params.at("fast").value, ParamValue{true});
  EXPECT_EQ(a.params.at("mode").value, ParamValue{std::string("42")});
  EXPECT_EQ(a.params.at("tag").value, ParamValue{std::string("abc")});
  EXPECT_EQ(a.params.at("n").where.line, 15);
  EXPECT_EQ(a.params.at("n").where.file, kFull);
  EXPECT_EQ(a.matrix.backend, (std::vector<std::string>{"trace", "nnc"}));
  EXPECT_FALSE(a.matrix.device);
  EXPECT_EQ(a.label, "small");
  EXPECT_EQ(a.settings.iterations, 3);
  EXPECT_FALSE(a.settings.counter);

  const BenchmarkEntry& b = c.benchmarks[1];
  EXPECT_EQ(b.pattern, "aotdispatcher_*");
  EXPECT_TRUE(b.params.empty());
  EXPECT_EQ(b.settings.counter, "wall");
  EXPECT_EQ(b.settings.timeout_s, 1.5);
  EXPECT_EQ(b.settings.regions, (std::vector<std::string>{"total"}));
  EXPECT_EQ(b.matrix.device, (std::vector<std::string>{"cuda"}));
  EXPECT_EQ(b.matrix.dynamic, (std::vector<bool>{true}));
  EXPECT_FALSE(b.label);

  ASSERT_EQ(c.excludes.size(), 2u);
  EXPECT_EQ(c.excludes[0].name, "mm_loop");
  EXPECT_EQ(c.excludes[0].device, "cuda");
  EXPECT_EQ(c.excludes[0].dynamic, true);
  EXPECT_FALSE(c.excludes[0].backend);
  EXPECT_EQ(c.excludes[0].where.line, 27);
  EXPECT_EQ(c.excludes[1].backend, "nnc");
}

TEST(ConfigLoader, MinimalFileLeavesEverythingUnset) {
  const Config c = parse_config(kBench, kPath);
  EXPECT_FALSE(c.defaults.iterations);
  EXPECT_FALSE(c.matrix.backend);
  ASSERT_EQ(c.benchmarks.size(), 1u);
  EXPECT_TRUE(c.excludes.empty());
}

TEST(ConfigLoader, ParamScalarsFollowTheCoreSchema) {
  const Config c = parse_config(
      "benchmarks:\n  - name: a\n    params: {h: 0x10, o: 0o17, neg: -3, "
      "e: 1e3, f: False, q: 'true', s: 1.2.3, big: 9223372036854775807}\n",
      kPath);
  const auto& p = c.benchmarks[0].params;
  EXPECT_EQ(p.at("h").value, ParamValue{std::int64_t{16}});
  EXPECT_EQ(p.at("o").value, ParamValue{std::int64_t{15}});
  EXPECT_EQ(p.at("neg").value, ParamValue{std::int64_t{-3}});
  EXPECT_EQ(p.at("e").value, ParamValue{1000.0});
  EXPECT_EQ(p.at("f").value, ParamValue{false});
  EXPECT_EQ(p.at("q").value, ParamValue{std::string("true")});
  EXPECT_EQ(p.at("s").value, ParamValue{std::string("1.2.3")});
  EXPECT_EQ(p.at("big").value, ParamValue{std::int64_t{9223372036854775807LL}});
}

TEST(ConfigLoader, MergedWithPrefersTheOverride) {
  Settings base;
  base.iterations = 5;
  base.counter = "auto";
  base.regions = std::vector<std::string>{"total"};
  Settings over;
  over.iterations = 3;
  over.threads = 4;
  const Settings m = base.merged_with(over);
  EXPECT_EQ(m.iterations, 3);
  EXPECT_EQ(m.counter, "auto");
  EXPECT_EQ(m.threads, 4);
  EXPECT_EQ(m.regions, std::vector<std::string>{"total"});
  EXPECT_FALSE(m.timeout_s);
}

TEST(ConfigLoader, MissingFileNamesThePath) {
  try {
    load_config("/nonexistent/dir/matrix.yaml");
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("/nonexistent/dir/matrix.yaml: ", 0),
              0u)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
  }
  try {
    load_config(TALLY_TEST_DATA_DIR);
    FAIL() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("directory"), std::string::npos);
  }
}

TEST(ConfigLoader, OversizedTextIsRefused) {
  const std::string big = kBench + std::string(17 << 20, '#');
  const std::string message = config_error_of(big);
  EXPECT_EQ(message.rfind(kPath + ": ", 0), 0u) << message;
  EXPECT_NE(message.find("16 MiB"), std::string::npos) << message;
}

TEST(ConfigLoader, EmptyAndCommentOnlyFiles) {
  expect_error("", 1, 1, {"empty", "benchmarks"});
  expect_error("# nothing\n\n", 1, 1, {"empty"});
}

TEST(ConfigLoader, TopLevelMustBeAMapping) {
  expect_error("- a\n- b\n", 1, 1, {"top level", "mapping", "found a list"});
  expect_error("hello\n", 1, 1, {"top level", "found string 'hello'"});
}

TEST(ConfigLoader, SyntaxErrorsCarryYamlCppMark) {
  expect_error(kBench + "defaults: {iterations: 5\n", 4, 1,
               {"YAML syntax error"});
  expect_error("benchmarks: [a\nfoo: ]\n", 2, 4, {"YAML syntax error"});
  expect_error("benchmarks:\n\t- name: a\n", 2, 2,
               {"YAML syntax error", "tabs"});
  expect_error("benchmarks:\n  - name: *x\n", 2, 11,
               {"YAML syntax error", "anchor"});
}

TEST(ConfigLoader, BinaryAndNonUtf8Junk) {
  expect_error(kBench + "label: \xff\xfe\n", 3, 8, {"0xff", "UTF-8"});
  expect_error(std::string("benchmarks:\n  - name: a\0b\n", 24), 2, 12,
               {"control character", "binary"});
  expect_error("a: \xc0\xaf\n", 1, 4, {"UTF-8"});      // overlong
  expect_error("a: \xed\xa0\x80\n", 1, 4, {"UTF-8"});  // surrogate
  expect_error("a: \xe2\x82\n", 1, 4, {"UTF-8"});      // truncated
  const Config ok =
      parse_config("benchmarks:\n  - name: caf\xc3\xa9_\xe2\x82\xac\n", kPath);
  EXPECT_EQ(ok.benchmarks[0].pattern, "caf\xc3\xa9_\xe2\x82\xac");
}

TEST(ConfigLoader, MoreThanOneDocument) {
  expect_error(kBench + "---\n" + kBench, 3, 1,
               {"more than one YAML document"});
}

TEST(ConfigLoader, UnknownKeysAtEveryLevelSuggestTheClosest) {
  expect_error("defaults:\n  iteratons: 5\n" + kBench, 2, 3,
               {"unknown key 'iteratons' in defaults; did you mean "
                "'iterations'?"});
  expect_error("benchmark:\n  - name: a\n", 1, 1,
               {"unknown key 'benchmark'", "did you mean 'benchmarks'?"});
  expect_error("matrix: {devices: [cpu]}\n" + kBench, 1, 10,
               {"'devices'", "did you mean 'device'?"});
  expect_error("benchmarks:\n  - name: a\n    parms: {n: 1}\n", 3, 5,
               {"'parms'", "benchmarks[0]", "did you mean 'params'?"});
  expect_error("benchmarks:\n  - name: a\n    matrix: {backedn: eager}\n", 3,
               14, {"'backedn'", "did you mean 'backend'?"});
  expect_error(kBench + "exclude:\n  - {nam: x}\n", 4, 6,
               {"'nam'", "exclude[0]", "did you mean 'name'?"});
  expect_error("benchmarks:\n  - name: a\n    <<: {label: x}\n", 3, 5,
               {"merge keys ('<<') are not supported"});
  expect_error("zzzzzz: 1\n" + kBench, 1, 1,
               {"unknown key 'zzzzzz'", "expected defaults"});
}

TEST(ConfigLoader, WrongTypesNameKeyAndFoundValue) {
  expect_error("defaults:\n  iterations: five\n" + kBench, 2, 15,
               {"'iterations' must be an integer, found string 'five'"});
  expect_error("defaults:\n  iterations: 2.5\n" + kBench, 2, 15,
               {"'iterations' must be an integer, found number '2.5'"});
  expect_error("defaults:\n  timeout: soon\n" + kBench, 2, 12,
               {"'timeout' must be a number", "'soon'"});
  expect_error("defaults:\n  regions: {a: 1}\n" + kBench, 2, 12,
               {"'regions'", "found a mapping"});
  expect_error("defaults:\n  regions: [total, 3]\n" + kBench, 2, 20,
               {"'regions' must be a string, found integer '3'", "quote"});
  expect_error("matrix:\n  dynamic: [false, yes]\n" + kBench, 2, 20,
               {"'dynamic' must be true or false", "'yes'"});
  expect_error("defaults: [1]\n" + kBench, 1, 11,
               {"'defaults' must be a mapping", "found a list"});
  expect_error("benchmarks: {name: a}\n", 1, 13,
               {"'benchmarks' must be a list", "found a mapping"});
  expect_error("benchmarks:\n  - a\n", 2, 5,
               {"must be a mapping with a 'name'", "found string 'a'"});
  expect_error("benchmarks:\n  - name: [a]\n", 2, 11,
               {"'name' must be a string", "found a list"});
  expect_error("benchmarks:\n  - name: true\n", 2, 11,
               {"'name' must be a string, found boolean true"});
  expect_error(kBench + "exclude: {name: a}\n", 3, 10,
               {"'exclude' must be a list"});
  expect_error(kBench + "exclude:\n  - {}\n", 4, 5, {"exclude[0] is empty"});
  expect_error(kBench + "exclude:\n  - {device: [cpu]}\n", 4, 14,
               {"'device' must be a string", "found a list"});
  expect_error("defaults:\n  counter: !!int 5\n" + kBench, 2, 12,
               {"tag", "not supported"});
}

TEST(ConfigLoader, OutOfRangeValues) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"iterations: 0", "'iterations' must be an integer from 1 to 1000000"},
      {"iterations: -3", "found '-3'"},
      {"iterations: 1000001", "found '1000001'"},
      {"iterations: 99999999999999999999999",
       "found '99999999999999999999999'"},
      {"timeout: 0", "'timeout' must be a number of seconds greater than 0"},
      {"timeout: -1.5", "found '-1.5'"},
      {"timeout: 604801", "at most 604800"},
      {"timeout: .inf", "found '.inf'"},
      {"timeout: .nan", "found '.nan'"},
      {"threads: 0", "'threads' must be an integer from 1 to 1024"},
      {"threads: 5000", "found '5000'"},
      {"memory_limit: 0", "'memory_limit' must be a number of MiB"},
      {"memory_limit: 1e30", "found '1e30'"},
  };
  for (const auto& [line, fragment] : cases) {
    SCOPED_TRACE(line);
    const std::size_t value_column = line.find(':') + 3;
    expect_error("defaults:\n  " + line + "\n" + kBench, 2,
                 static_cast<int>(value_column + 2), {fragment});
  }
}

TEST(ConfigLoader, ProfilesIsASetting) {
  const Config c =
      parse_config("defaults: {profiles: all}\n" + kBench, "m.yaml");
  EXPECT_EQ(c.defaults.profiles, "all");
}

TEST(ConfigLoader, ChoicesSuggestTheClosest) {
  expect_error("defaults:\n  counter: pref\n" + kBench, 2, 12,
               {"unknown counter 'pref'; did you mean 'perf'?",
                "auto, perf, callgrind or wall"});
  expect_error(
      "defaults:\n  profiles: mni\n" + kBench, 2, 13,
      {"unknown profiles 'mni'; did you mean 'min'?", "none, min or all"});
  expect_error("matrix:\n  device: [cpu, gpu]\n" + kBench, 2, 17,
               {"unknown device 'gpu'; did you mean 'cuda'?"});
  expect_error("matrix:\n  device: tpu\n" + kBench, 2, 11,
               {"unknown device 'tpu'", "cpu or cuda"});
}

TEST(ConfigLoader, EmptyAndRepeatedAxisLists) {
  expect_error("matrix:\n  backend: []\n" + kBench, 2, 12,
               {"'backend' is an empty list"});
  expect_error("matrix:\n  device:\n" + kBench, 2, 3, {"'device' is empty"});
  expect_error("defaults:\n  regions: []\n" + kBench, 2, 12,
               {"'regions' is an empty list"});
  expect_error("matrix:\n  device: [cpu, cpu]\n" + kBench, 2, 17,
               {"duplicate value 'cpu' in 'device'"});
  expect_error("matrix:\n  backend: ['']\n" + kBench, 2, 13,
               {"'backend' must not be empty"});
}

TEST(ConfigLoader, DuplicateKeysNameBothLines) {
  expect_error("defaults:\n  iterations: 5\n  iterations: 6\n" + kBench, 3, 3,
               {"duplicate key 'iterations' in defaults",
                "first at line 2, again at line 3"});
  expect_error(
      kBench + "benchmarks:\n  - name: b\n", 3, 1,
      {"duplicate key 'benchmarks' in the top level", "first at line 1"});
  expect_error("benchmarks:\n  - name: a\n    params: {n: 1, n: 2}\n", 3, 20,
               {"duplicate key 'n' in params of benchmarks[0]"});
  expect_error("benchmarks:\n  - name: a\n    name: b\n", 3, 5,
               {"duplicate key 'name'"});
}

TEST(ConfigLoader, MissingOrEmptyBenchmarks) {
  expect_error("defaults: {iterations: 5}\n", 1, 1,
               {"missing required key 'benchmarks'"});
  expect_error("benchmarks: []\n", 1, 13, {"'benchmarks' is empty"});
  expect_error("benchmarks:\n", 1, 1, {"'benchmarks' is empty"});
  expect_error("benchmarks:\n  - label: x\n    iterations: 2\n", 2, 5,
               {"benchmarks[0] has no 'name'"});
  expect_error("benchmarks:\n  - name: ''\n", 2, 11,
               {"'name' must not be empty"});
}

TEST(ConfigLoader, ParamValuesMustBeScalars) {
  expect_error("benchmarks:\n  - name: a\n    params: {n: [1, 2]}\n", 3, 17,
               {"'params.n' must be a single value", "found a list"});
  expect_error("benchmarks:\n  - name: a\n    params: {n: }\n", 3, 14,
               {"'params.n'", "found nothing"});
  expect_error("benchmarks:\n  - name: a\n    params: [n]\n", 3, 13,
               {"'params' must be a mapping"});
  expect_error(
      "benchmarks:\n  - name: a\n    params: {n: 99999999999999999999}\n", 3,
      17, {"'params.n'", "64-bit"});
  expect_error("benchmarks:\n  - name: a\n    params: {[x]: 1}\n", 3, 14,
               {"must be plain names", "found a list"});
}

TEST(ConfigLoader, DeepNestingIsRefusedEarly) {
  expect_error("benchmarks:\n  - name: a\n    params: {n: " +
                   std::string(100, '[') + std::string(100, ']') + "}\n",
               3, 77, {"deeper than 64 levels"});
  // Beyond yaml-cpp's own recursion limit too: no stack overflow.
  const std::string message = config_error_of(std::string(100000, '['));
  EXPECT_EQ(message.rfind(kPath + ":1:", 0), 0u) << message;
}

TEST(ConfigLoader, AliasesCannotLoopOrExplode) {
  // A list that contains itself.
  expect_error("defaults:\n  regions: &a [*a]\n" + kBench, 2, 12,
               {"'regions' must be a string", "found a list"});
  expect_error("benchmarks: &b [*b]\n", 1, 13,
               {"must be a mapping with a 'name'", "found a list"});
  // Billion laughs: nine levels of ten-fold aliases, refused at the first
  // non-scalar without expanding anything.
  std::string laughs = "x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    std::string refs;
    for (int k = 0; k < 10; ++k)
      refs += (k ? ", *a" : "*a") + std::to_string(i - 1);
    laughs += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " [" +
              refs + "]\n";
  }
  expect_error(laughs + kBench, 1, 1, {"unknown key 'x0'"});
  const auto start = std::chrono::steady_clock::now();
  expect_error("benchmarks:\n  - name: a\n    params: {n: &p [" +
                   std::string("1, 2") + "]}\n    regions: *p\n",
               3, 17, {"'params.n' must be a single value"});
  // One wide entry repeated through aliases hits the value budget.
  std::string wide = "benchmarks:\n  - &e\n    name: a\n    params: {";
  for (int i = 0; i < 2000; ++i) wide += "p" + std::to_string(i) + ": 1, ";
  wide += "z: 1}\n";
  for (int i = 0; i < 1000; ++i) wide += "  - *e\n";
  const std::string message = config_error_of(wide);
  EXPECT_EQ(message.rfind(kPath + ":4:", 0), 0u) << message;
  EXPECT_NE(message.find("more than 1000000 values (through aliases?)"),
            std::string::npos);
  // Linear, not exponential: seconds even under a sanitizer on a loaded
  // machine, where an alias bomb would run for hours.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
}

TEST(ConfigLoader, AliasesOfScalarsWork) {
  const Config c = parse_config(
      "defaults: {iterations: &n 7}\nbenchmarks:\n  - name: a\n    "
      "params: {n: *n}\n",
      kPath);
  EXPECT_EQ(c.defaults.iterations, 7);
  EXPECT_EQ(c.benchmarks[0].params.at("n").value, ParamValue{std::int64_t{7}});
}

// Mutates valid files thousands of times: the loader either accepts the
// result or throws ConfigError located at path:line; nothing else escapes.
TEST(ConfigLoader, FuzzedInputOnlyThrowsConfigError) {
  const std::vector<std::string> seeds = {
      read_file(kFull), kBench,
      "defaults: {iterations: &n 3, counter: wall}\nmatrix:\n  backend: "
      "eager\nbenchmarks:\n  - {name: a, params: {n: 'x', m: -1.5e3}}\n  - "
      "name: b\n    threads: *n\nexclude: [{dynamic: false}]\n"};
  const std::vector<std::string> junk = {
      ":",           "- ",       "[",
      "]",           "{",        "}",
      "&a ",         "*a",       "!!str ",
      "? ",          "\t",       "\"",
      "'",           "#",        "---\n",
      "...",         "\xff",     std::string(1, '\0'),
      "\xc3",        "|\n",      ">-\n",
      "%YAML 1.2\n", "<<: *a\n", ",",
      "\n  ",        "~",        "\xef\xbb\xbf"};
  const std::string path = "fuzz.yaml";
  // "fuzz.yaml:<line>:..."
  auto located = [&path](const std::string& message) {
    std::size_t i = path.size() + 1;
    if (message.compare(0, i, path + ":") != 0) return false;
    const std::size_t digits = i;
    while (i < message.size() &&
           std::isdigit(static_cast<unsigned char>(message[i])))
      ++i;
    return i > digits && i < message.size() && message[i] == ':';
  };
  std::mt19937 rng(20240611);
  auto pick = [&rng](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  int accepted = 0, refused = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int round = 0; round < 5000; ++round) {
    std::string text = seeds[pick(seeds.size())];
    const int edits = 1 + static_cast<int>(pick(3));
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = pick(text.size());
      switch (pick(6)) {
        case 0:
          text[at] = static_cast<char>(pick(256));
          break;
        case 1:
          text.resize(at);
          break;
        case 2:
          text.erase(at, 1 + pick(8));
          break;
        case 3: {  // duplicate the line holding `at`
          const std::size_t begin = text.rfind('\n', at);
          const std::size_t from = begin == std::string::npos ? 0 : begin + 1;
          std::size_t end = text.find('\n', at);
          end = end == std::string::npos ? text.size() : end + 1;
          text.insert(end, text.substr(from, end - from));
          break;
        }
        case 4: {
          text.insert(at, junk[pick(junk.size())]);
          break;
        }
        default: {  // delete the line holding `at`
          const std::size_t begin = text.rfind('\n', at);
          const std::size_t from = begin == std::string::npos ? 0 : begin + 1;
          const std::size_t end = text.find('\n', at);
          text.erase(from, end == std::string::npos ? std::string::npos
                                                    : end + 1 - from);
        }
      }
    }
    try {
      parse_config(text, path);
      ++accepted;
    } catch (const ConfigError& e) {
      ++refused;
      ASSERT_TRUE(located(e.what())) << e.what() << "\n--- input ---\n" << text;
    } catch (const std::exception& e) {
      FAIL() << "escaped " << typeid(e).name() << ": " << e.what()
             << "\n--- input ---\n"
             << text;
    }
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace tally

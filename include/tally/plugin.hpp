// clang-format off
// tally plugin SDK: the one header a benchmark plugin includes.
//
// A complete plugin (build it with
//   g++ -std=c++17 -shared -fPIC -I<tally>/include my.cpp -o my.so
// and drop my.so into a plugin folder; `tally list` shows it on the next run):
//
//   #include <tally/plugin.hpp>
//
//   class SumLoop : public tally::Benchmark {
//    public:
//     void prepare_once(const tally::Cell& cell) override {
//       n_ = cell.params.get<std::int64_t>("n");
//     }
//     void work(tally::Meter& meter) override {
//       tally::Region compile(meter, "compile_time");  // counted apart too
//       for (auto i = n_; i > 0; --i) tally::do_not_optimize(sum_ += i);
//     }
//    private:
//     std::int64_t n_ = 0, sum_ = 0;
//   };
//
//   tally::Plugin make_plugin() {
//     tally::Plugin plugin;
//     plugin.name = "sum_loop";
//     plugin.version = "1.0";
//     tally::BenchmarkInfo info;
//     info.name = "sum_loop";
//     info.description = "adds n integers";
//     info.backends = {"native"};
//     info.regions = {"compile_time"};
//     info.params = {{"n", std::int64_t{1000}, "loop count", 1}};
//     info.make = [] { return std::make_unique<SumLoop>(); };
//     plugin.benchmarks.push_back(std::move(info));
//     return plugin;
//   }
//   TALLY_PLUGIN(make_plugin)
//
// The host runs every hook in a worker process: a plugin that crashes, hangs
// or exits costs only its own cell.
// clang-format on
#ifndef TALLY_PLUGIN_HPP
#define TALLY_PLUGIN_HPP

#include <boost/dll/alias.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

// Interface types keep default visibility so RTTI and exceptions cross the
// boundary even when a plugin builds with -fvisibility=hidden.
#define TALLY_API __attribute__((visibility("default")))

namespace tally {

/// Version of this header's binary contract; the host refuses any other.
inline constexpr std::uint32_t kAbiVersion = 1;

/// One parameter value from YAML: a boolean, an integer, a float or a string.
using ParamValue = std::variant<bool, std::int64_t, double, std::string>;

/// Thrown by Params::get when a parameter is missing or has another type.
class TALLY_API ParamError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown from prepare_once() to skip a cell with a reason ("no CUDA device").
class TALLY_API SkipCell : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Typed per-benchmark parameters; the host fills every declared default.
class TALLY_API Params {
 public:
  /// Sets or replaces a parameter.
  void set(std::string name, ParamValue value) {
    values_[std::move(name)] = std::move(value);
  }
  /// True when the parameter is present.
  bool has(std::string_view name) const {
    return values_.find(name) != values_.end();
  }
  /// The value as T (bool, an integer type, double or std::string).
  template <class T>
  T get(std::string_view name) const {
    auto it = values_.find(name);
    if (it == values_.end())
      throw ParamError("parameter '" + std::string(name) + "' is not set");
    const ParamValue& v = it->second;
    if constexpr (std::is_same_v<T, bool>) {
      if (auto* b = std::get_if<bool>(&v)) return *b;
    } else if constexpr (std::is_integral_v<T>) {
      if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<T>(*i);
    } else if constexpr (std::is_floating_point_v<T>) {
      if (auto* d = std::get_if<double>(&v)) return static_cast<T>(*d);
      if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<T>(*i);
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (auto* s = std::get_if<std::string>(&v)) return *s;
    } else {
      static_assert(std::is_same_v<T, void>, "unsupported parameter type");
    }
    throw ParamError("parameter '" + std::string(name) +
                     "' has another type than requested");
  }
  /// Every parameter, sorted by name.
  const std::map<std::string, ParamValue, std::less<>>& all() const {
    return values_;
  }

 private:
  std::map<std::string, ParamValue, std::less<>> values_;
};

/// Declares one parameter: its default fixes its type; min/max bound numbers.
struct TALLY_API ParamSpec {
  ParamSpec(std::string name_, ParamValue default_value_,
            std::string description_ = {}, std::optional<double> min_ = {},
            std::optional<double> max_ = {})
      : name(std::move(name_)),
        default_value(std::move(default_value_)),
        description(std::move(description_)),
        min(min_),
        max(max_) {}
  std::string name;
  ParamValue default_value;
  std::string description;
  std::optional<double> min, max;
};

/// One point of the matrix, as a benchmark sees it.
struct TALLY_API Cell {
  std::string backend;  ///< "eager" | "trace" | "script" | "jit" | "nnc" |
                        ///< plugin-defined
  std::string device;   ///< "cpu" | "cuda"
  bool dynamic = false;
  Params params;    ///< every declared parameter, YAML values over defaults
  int threads = 1;  ///< intra-op threads the benchmark should use
};

/// Handed to work(): marks regions that are counted separately.
class TALLY_API Meter {
 public:
  virtual ~Meter() = default;
  /// Starts counting `region`; nested entries of one region count once.
  virtual void begin(std::string_view region) = 0;
  /// Stops counting `region`.
  virtual void end(std::string_view region) = 0;
};

/// RAII region: Region r(meter, "compile_time"); counts until r dies.
class TALLY_API Region {
 public:
  Region(Meter& meter, std::string_view name) : meter_(meter), name_(name) {
    meter_.begin(name_);
  }
  ~Region() { meter_.end(name_); }
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;

 private:
  Meter& meter_;
  std::string_view name_;
};

/// One benchmark instance; the host calls prepare_once, then N x (prepare,
/// work).
class TALLY_API Benchmark {
 public:
  virtual ~Benchmark() = default;
  /// Builds model and inputs; not counted. May throw SkipCell.
  virtual void prepare_once(const Cell&) {}
  /// Runs before each iteration (reset caches, start cold); not counted.
  virtual void prepare() {}
  /// The counted body: its whole run is the `total` region.
  virtual void work(Meter&) = 0;
};

/// What one benchmark is and supports.
struct TALLY_API BenchmarkInfo {
  std::string name;  ///< result-name stem, e.g. "basic_InlineMod"
  std::string description;
  std::vector<std::string> backends;
  std::vector<std::string> devices = {"cpu"};
  std::vector<bool> dynamic = {false};
  /// Regions work() marks, e.g. {"compile_time"}.
  std::vector<std::string> regions;
  /// Per-backend override of `regions` (e.g. eager has no compile step).
  std::map<std::string, std::vector<std::string>> backend_regions;
  std::vector<ParamSpec> params;  ///< declared parameters with their defaults
  std::function<std::unique_ptr<Benchmark>()> make;

  /// The regions work() marks for `backend`.
  const std::vector<std::string>& regions_for(
      const std::string& backend) const {
    auto it = backend_regions.find(backend);
    return it == backend_regions.end() ? regions : it->second;
  }
};

/// What one .so exports.
struct TALLY_API Plugin {
  std::uint32_t abi_version = kAbiVersion;
  std::string name, version;
  std::vector<BenchmarkInfo> benchmarks;
};

/// Keeps `value` alive so the compiler cannot delete the work computing it.
template <class T>
inline void do_not_optimize(T&& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

}  // namespace tally

/// Exports `factory` (a function `tally::Plugin()`) as the plugin's entry
/// point, next to the ABI version the host checks before calling it.
#define TALLY_PLUGIN(factory)                                            \
  BOOST_DLL_ALIAS_SECTIONED(factory, tally_plugin, tally)                \
  extern "C" BOOST_SYMBOL_EXPORT const std::uint32_t tally_abi_version;  \
  extern "C" BOOST_SYMBOL_EXPORT const std::uint32_t tally_abi_version = \
      ::tally::kAbiVersion;

#endif  // TALLY_PLUGIN_HPP

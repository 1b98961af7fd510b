// clang-format off
// tally plugin SDK: the one header a benchmark plugin includes (C++17).
//
// The contract
// ------------
// A plugin is a shared object that defines TALLY_PLUGIN(factory) once. The
// factory returns a tally::Plugin: a name, a version and BenchmarkInfo
// entries, each with the backends, devices, dynamic settings, regions and
// typed parameters it supports and a `make` that builds the benchmark.
//
// How the host runs it (the fork model):
// - It never runs plugin code itself. A worker process loads the plugin and
//   calls the factory once; keep the factory cheap and start no threads in
//   it (each cell's process is forked from the worker, and fork copies only
//   the calling thread).
// - Each cell (one point of the matrix) runs in its own process forked from
//   the worker: make(), prepare_once(cell) once, then for each iteration
//   prepare() and work(meter). Only work() is counted: the whole call is
//   the `total` region. A crash, exit(), hang or exception costs that cell
//   only; state left by one cell never reaches the next.
// - Every region a benchmark declares for a backend must be entered in
//   work() (tally::Region, or Meter::begin/end) in every iteration; a
//   declared region that work() never enters fails the cell rather than
//   report 0. Entering a region again while it is open counts it once.
// - prepare_once() throws tally::SkipCell("why") for a cell it cannot run
//   here (no CUDA device, say); any other exception fails the cell with
//   its message.
// - Write results nowhere: the host owns fd 4 (the cell's result pipe),
//   and closing or replacing it fails the cell. stdout and stderr go to the
//   cell's output tail.
// - The descriptor's ABI version must equal the host's and its ABI tag
//   must match (standard library, _GLIBCXX_USE_CXX11_ABI, type sizes), or
//   the host refuses the plugin naming both sides before the factory runs.
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
// Everything a plugin uses comes first below; the ABI machinery (the
// descriptor, its tag and TALLY_PLUGIN's expansion) follows the line
// "ABI machinery" and is not for plugins to touch.
// clang-format on
#ifndef TALLY_PLUGIN_HPP
#define TALLY_PLUGIN_HPP

#include <cstdint>
#include <functional>
#include <limits>
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
/// Bump it with any change to a type below that crosses the boundary.
inline constexpr std::uint32_t kAbiVersion = 3;

/// One parameter value from YAML: a boolean, an integer, a float or a string.
using ParamValue = std::variant<bool, std::int64_t, double, std::string>;

/// Thrown by Params::get when a parameter is missing, has another type or
/// does not fit the requested integer type.
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
  /// The value as T (bool, an integer type, double or std::string). An
  /// integer that T cannot hold throws rather than wraps around.
  template <class T>
  T get(std::string_view name) const {
    auto it = values_.find(name);
    if (it == values_.end())
      throw ParamError("parameter '" + std::string(name) + "' is not set");
    const ParamValue& v = it->second;
    if constexpr (std::is_same_v<T, bool>) {
      if (auto* b = std::get_if<bool>(&v)) return *b;
    } else if constexpr (std::is_integral_v<T>) {
      if (auto* i = std::get_if<std::int64_t>(&v)) return narrow<T>(name, *i);
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
  // YAML integers are 64-bit; get<int>(n) with n = 2^32 must not quietly
  // run with 0.
  template <class T>
  static T narrow(std::string_view name, std::int64_t value) {
    using Limits = std::numeric_limits<T>;
    const bool fits =
        value < 0 ? std::is_signed_v<T> &&
                        value >= static_cast<std::int64_t>(Limits::min())
                  : static_cast<std::uint64_t>(value) <=
                        static_cast<std::uint64_t>(Limits::max());
    if (fits) return static_cast<T>(value);
    throw ParamError("parameter '" + std::string(name) + "' is " +
                     std::to_string(value) +
                     ", out of range for the requested integer type (" +
                     std::to_string(+Limits::min()) + " to " +
                     std::to_string(+Limits::max()) + ")");
  }

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
  /// Copies `name`: a view of a temporary string would dangle by the time
  /// the region ends.
  Region(Meter& meter, std::string_view name) : meter_(meter), name_(name) {
    meter_.begin(name_);
  }
  ~Region() { meter_.end(name_); }
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;

 private:
  Meter& meter_;
  std::string name_;
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
  /// A fixed result name for a benchmark that is one matrix point (one
  /// backend, device and dynamic setting), as an instance of PyTorch's
  /// BenchmarkBase names itself ("aotdispatcher_inference_nosubclass_cpu");
  /// other matrix points are then no cells of it at all, not skipped ones.
  /// Empty: `<name>_<backend>[_dynamic][_gpu]`.
  std::string result_name;

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

namespace detail {
// An object of a class with const (or reference) members cannot be an asm
// output; "not assignable" approximates that, as Google Benchmark does.
template <class T>
inline constexpr bool kAsmWritable =
    std::is_array_v<T> || std::is_copy_assignable_v<T> ||
    std::is_move_assignable_v<T>;
// Only scalars may be given a register: a 3-byte struct cannot have one.
template <class T>
inline constexpr bool kFitsRegister = std::is_scalar_v<T> &&
                                      sizeof(T) <= sizeof(void*);
}  // namespace detail

/// Read form, for temporaries and const values: the compiler must compute
/// `value`, since an opaque reader (with a memory clobber) uses it.
template <class T>
__attribute__((always_inline)) inline void do_not_optimize(const T& value) {
  if constexpr (detail::kFitsRegister<T>) {
    asm volatile("" : : "r,m"(value) : "memory");
  } else {
    asm volatile("" : : "m"(value) : "memory");
  }
}

/// Read-write form, for non-const lvalues: the compiler must also assume
/// `value` changed, so it can neither hoist the work that computes it out of
/// a loop nor reuse the result (Google Benchmark's DoNotOptimize, nanobench's
/// doNotOptimizeAway).
template <class T>
__attribute__((always_inline)) inline void do_not_optimize(T& value) {
  if constexpr (!detail::kAsmWritable<T>) {
    do_not_optimize(std::as_const(value));
  } else if constexpr (detail::kFitsRegister<T>) {
    // Not Google Benchmark's "+m,r" for GCC: GCC 12 -O2 then reads a float
    // back from a stack slot it never wrote (a float set to 1.5 reads 0).
#if defined(__clang__)
    asm volatile("" : "+r,m"(value) : : "memory");
#else
    asm volatile("" : "+rm"(value) : : "memory");
#endif
  } else {
    asm volatile("" : "+m"(value) : : "memory");
  }
}

// ===================================================================
// ABI machinery: what TALLY_PLUGIN expands to and the host checks. Plugins
// do not use any of it directly.
//
// The entry point. TALLY_PLUGIN defines one plain `extern "C"` function,
// tally_plugin_library_info(), returning a descriptor made of C types only
// (tally::PluginLibraryInfo): the ABI version, the ABI tag (standard library
// and its dual-ABI setting, compiler, sizes of the types that cross the
// boundary) and the factory. The host looks up that one symbol, requires the
// exact version, then a compatible tag, and only then calls the factory; a
// mismatch is refused naming both sides ("got X, supported is Y"). In the
// manner of LLVM's pass plugins (llvmGetPassPluginInfo): a descriptor of C
// types reads the same whatever standard library either side was built
// with, so it can be checked before anything whose layout depends on that
// is touched, and a plugin needs no header but this one (no Boost).
// ===================================================================

/// Sizes in bytes of the types whose objects one side builds and the other
/// reads. The standard library's move with its ABI; tally's own also catch
/// an edit of this header that forgot to bump kAbiVersion.
struct AbiSizes {
  std::uint32_t string, vector, map, function, unique_ptr, optional,
      param_value, runtime_error;
  std::uint32_t params, param_spec, cell, benchmark_info, plugin;
};

/// The build settings a plugin and the host must share, as C data.
///
/// The standard library and its ABI setting decide the layout of every
/// std:: type that crosses: libstdc++ built with _GLIBCXX_USE_CXX11_ABI=0
/// has an 8-byte copy-on-write std::string, which the host would read as its
/// 32-byte one. The compiler matters much less, since GCC and Clang share
/// the Itanium C++ ABI (layout, vtables, exceptions) and a Clang-built plugin
/// works in a GCC-built host; it is recorded to be named in messages. What
/// its version does decide is the standard library's release, which matters
/// for one case: before libstdc++ 9 (GCC 9), C++17 support was experimental
/// and std::variant and std::optional, both in ParamSpec, had no stable ABI.
struct AbiTag {
  const char* stdlib;  ///< "libstdc++", "libc++" or "unknown"
  /// _GLIBCXX_RELEASE (e.g. 12) or _LIBCPP_VERSION (e.g. 160006); 0 if none.
  std::int32_t stdlib_release;
  /// _GLIBCXX_USE_CXX11_ABI or _LIBCPP_ABI_VERSION; -1 if none.
  std::int32_t stdlib_abi;
  const char* compiler;  ///< "gcc", "clang" or "unknown"
  std::int32_t compiler_major;
  AbiSizes sizes;
};

#if defined(_LIBCPP_VERSION)
#define TALLY_DETAIL_STDLIB "libc++", _LIBCPP_VERSION, _LIBCPP_ABI_VERSION
#elif defined(__GLIBCXX__) && defined(_GLIBCXX_RELEASE)
#define TALLY_DETAIL_STDLIB \
  "libstdc++", _GLIBCXX_RELEASE, _GLIBCXX_USE_CXX11_ABI
#else
#define TALLY_DETAIL_STDLIB "unknown", 0, -1
#endif
#if defined(__clang__)
#define TALLY_DETAIL_COMPILER "clang", __clang_major__
#elif defined(__GNUC__)
#define TALLY_DETAIL_COMPILER "gcc", __GNUC__
#else
#define TALLY_DETAIL_COMPILER "unknown", 0
#endif

/// This translation unit's tag: TALLY_PLUGIN exports it, the host compares
/// it with its own.
inline constexpr AbiTag kAbiTag = {
    TALLY_DETAIL_STDLIB,
    TALLY_DETAIL_COMPILER,
    {sizeof(std::string), sizeof(std::vector<std::string>),
     sizeof(std::map<std::string, std::vector<std::string>>),
     sizeof(std::function<std::unique_ptr<Benchmark>()>),
     sizeof(std::unique_ptr<Benchmark>), sizeof(std::optional<double>),
     sizeof(ParamValue), sizeof(std::runtime_error), sizeof(Params),
     sizeof(ParamSpec), sizeof(Cell), sizeof(BenchmarkInfo), sizeof(Plugin)}};

#undef TALLY_DETAIL_STDLIB
#undef TALLY_DETAIL_COMPILER

/// What TALLY_PLUGIN exports: C types only, so that the host can read it
/// whatever the plugin was built with. `abi_version` is the first member in
/// every version; the host reads the rest only when it matches.
struct PluginLibraryInfo {
  std::uint32_t abi_version;
  AbiTag abi_tag;
  Plugin (*factory)();
};

}  // namespace tally

/// The plugin's one entry point, defined by TALLY_PLUGIN; the host looks it
/// up by this name.
extern "C" TALLY_API const tally::PluginLibraryInfo*
tally_plugin_library_info();

/// Exports `factory` (a function `tally::Plugin()`) as the plugin's entry
/// point, with the ABI version and tag the host checks before calling it.
#define TALLY_PLUGIN(factory)                                                \
  extern "C" const ::tally::PluginLibraryInfo* tally_plugin_library_info() { \
    static constexpr ::tally::PluginLibraryInfo tally_library_info{          \
        ::tally::kAbiVersion, ::tally::kAbiTag, &factory};                   \
    return &tally_library_info;                                              \
  }

#endif  // TALLY_PLUGIN_HPP

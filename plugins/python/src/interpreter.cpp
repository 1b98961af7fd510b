#include "interpreter.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "embedded_sources.hpp"
#include "py_error.hpp"
#include "tally_module.hpp"

extern char** environ;

namespace tally::python {
namespace {

// Where tally's own modules seem to live, for tracebacks: a fixed name, so
// no path of this machine reaches the interpreter's strings.
constexpr char kModuleFolder[] = "/tally/py/";

// torch's extension modules resolve the C API from the global namespace;
// tally loads python.so, and with it libpython, RTLD_LOCAL.
void* make_libpython_global() {
  Dl_info info{};
  if (!::dladdr(reinterpret_cast<void*>(&Py_IsInitialized), &info) ||
      !info.dli_fname)
    throw PythonError("cannot find the loaded libpython (dladdr failed)");
  void* handle = ::dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
  if (!handle)
    throw PythonError(std::string("cannot make libpython's symbols global: ") +
                      ::dlerror());
  return handle;
}

// What Inductor reads at import: compile in this process (a pool would
// start threads and processes that no counter sees), no precompiled header
// (a g++ -E and an openssl run per process), and, where tally pins ATen to
// AVX2 for valgrind, generated code that stays within AVX2 too (Inductor
// passes -march=native to g++, which runs outside valgrind).
void set_inductor_defaults() {
  ::setenv("TORCHINDUCTOR_COMPILE_THREADS", "1", 0);
  ::setenv("TORCHINDUCTOR_CPP_CACHE_PRECOMPILE_HEADERS", "0", 0);
  const char* isa = std::getenv("ATEN_CPU_CAPABILITY");
  if (isa && std::strcmp(isa, "avx2") == 0) {
    ::setenv("TORCHINDUCTOR_CPP_MARCH", "x86-64-v3", 0);
    ::setenv("TORCHINDUCTOR_VEC_ISA_OK", "1", 0);
  }
}

// The variables a Python worker keeps: those torch, Inductor, OpenMP, MKL
// and the loader read, the worker's own folders, and TALLY_STAGE_FIXED (the
// driver then needs no alias of its folder). Python copies the
// environment into a dict at start-up, so every other variable (a user's
// TALLY_ setting of 3,000 bytes, say) moved the heap every cell forks from
// (45,000 instructions of a small Dynamo cell), and C's getenv() compares
// with every entry (9 more). Python benchmarks take settings as params.
bool python_reads(const char* entry) {
  static const char* const kPrefixes[] = {"TORCH",
                                          "PYTORCH_",
                                          "TRITON_",
                                          "OMP_",
                                          "MKL_",
                                          "KMP_",
                                          "GOMP_",
                                          "ATEN_",
                                          "ONEDNN_",
                                          "DNNL_",
                                          "CUDA_",
                                          "NVIDIA_",
                                          "LD_",
                                          "PATH=",
                                          "HOME=",
                                          "TMPDIR=",
                                          "TALLY_CALLGRIND_DUMP_DIR=",
                                          "TALLY_STAGE_FIXED="};
  for (const char* prefix : kPrefixes)
    if (std::strncmp(entry, prefix, std::strlen(prefix)) == 0) return true;
  return false;
}

// The process's environment, less what python_reads() leaves out, copied
// to the start of a page-aligned buffer: on the stack, where the kernel put
// them, the strings' addresses moved with the length of the rest of the
// environment, and strncmp's cost (every getenv() and setenv()) follows how
// near a page end a string sits. The array lives as long as the process.
void keep_what_python_reads() {
  alignas(4096) static char text[64 * 1024];
  static std::vector<char*> kept;
  std::size_t used = 0;
  for (char** e = environ; e && *e; ++e) {
    if (!python_reads(*e)) continue;
    const std::size_t size = std::strlen(*e) + 1;
    if (used + size > sizeof(text)) {
      kept.push_back(*e);  // too long to copy: left where it is
      continue;
    }
    kept.push_back(static_cast<char*>(std::memcpy(text + used, *e, size)));
    used += size;
  }
  kept.push_back(nullptr);
  environ = kept.data();
}

// Isolated (no PYTHON* variables, no user site): the shell's environment
// must not move the counts. A fixed hash seed orders sets and dicts of
// strings the same in every run; Python's signal handlers stay out of the
// way of tally's; unbuffered output reaches the cell's tail even when the
// cell's process ends with _exit.
void start_python() {
  // UTF-8 whatever the locale: tally runs workers with a fixed environment,
  // without LANG, where Python would read and write files as ASCII.
  PyPreConfig preconfig;
  PyPreConfig_InitIsolatedConfig(&preconfig);
  preconfig.utf8_mode = 1;
  PyStatus pre = Py_PreInitialize(&preconfig);
  if (PyStatus_Exception(pre))
    throw PythonError(std::string("cannot start Python: ") +
                      (pre.err_msg ? pre.err_msg : "unknown error"));
  PyConfig config;
  PyConfig_InitIsolatedConfig(&config);
  std::unique_ptr<PyConfig, void (*)(PyConfig*)> clear(&config, PyConfig_Clear);
  config.install_signal_handlers = 0;
  config.use_hash_seed = 1;
  config.hash_seed = 0;
  config.buffered_stdio = 0;
  config.write_bytecode = 0;
  config.parse_argv = 0;
  // The environment's interpreter: sys.prefix becomes the environment (its
  // pyvenv.cfg), and sys.executable a real interpreter Inductor can start.
  PyStatus status = PyConfig_SetBytesString(&config, &config.program_name,
                                            TALLY_PYTHON_EXECUTABLE);
  if (!PyStatus_Exception(status))
    status = PyConfig_SetBytesString(&config, &config.executable,
                                     TALLY_PYTHON_EXECUTABLE);
  if (!PyStatus_Exception(status)) status = Py_InitializeFromConfig(&config);
  if (PyStatus_Exception(status))
    throw PythonError(
        std::string("cannot start Python (") + TALLY_PYTHON_EXECUTABLE +
        "): " + (status.err_msg ? status.err_msg : "unknown error"));
}

PyRef load_module(const EmbeddedSource& source) {
  const std::string file = std::string(kModuleFolder) + source.file;
  PyRef code(Py_CompileString(source.text, file.c_str(), Py_file_input));
  if (!code) throw_pending(file);
  PyRef module(
      PyImport_ExecCodeModuleEx(source.module, code.get(), file.c_str()));
  if (!module) throw_pending(file);
  return module;
}

// tally's modules in the order they import each other; the driver last.
PyRef load_own_modules() {
  const auto& modules = embedded_modules();
  for (const char* name : {"tally", "benchmark_base"})
    for (const auto& m : modules)
      if (std::strcmp(m.module, name) == 0) load_module(m);
  for (const auto& m : modules)
    if (std::strcmp(m.module, "_tally_driver") == 0) return load_module(m);
  throw PythonError("python.so was built without _tally_driver.py");
}

}  // namespace

Interpreter& Interpreter::get() {
  static Interpreter interpreter;
  return interpreter;
}

Interpreter::Interpreter() {
  libpython_ = make_libpython_global();
  keep_what_python_reads();
  set_inductor_defaults();
  if (PyImport_AppendInittab("_tally", &init_tally_module) != 0)
    throw PythonError("cannot register the _tally module");
  start_python();
  driver_ = load_own_modules();
}

Interpreter::~Interpreter() {
  driver_ = PyRef();
  // The worker's last act: torch's atexit hooks run here, not in the cells,
  // which end with _exit.
  if (Py_IsInitialized()) Py_FinalizeEx();
  if (libpython_) ::dlclose(libpython_);
}

void Interpreter::after_fork() {
  const pid_t self = ::getpid();
  if (forked_ == self) return;
  forked_ = self;
  PyOS_AfterFork_Child();
  PyRef done(PyObject_CallMethod(driver_.get(), "after_fork", nullptr));
  if (!done) throw_pending("");
}

}  // namespace tally::python

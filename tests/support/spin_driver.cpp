// Runs healthy.so's tally_test_spin(n) outside tally, so an independent
// `valgrind --tool=callgrind --toggle-collect=tally_test_spin` run can count
// the same code. Usage: spin_driver PLUGIN.so N
#include <dlfcn.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  void* lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    std::fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  auto spin =
      reinterpret_cast<void (*)(std::int64_t)>(dlsym(lib, "tally_test_spin"));
  if (!spin) return 1;
  spin(std::strtoll(argv[2], nullptr, 10));
  return 0;
}

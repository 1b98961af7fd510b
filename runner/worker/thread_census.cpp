#include "worker/thread_census.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace tally {
namespace {

using CreateFn = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*),
                         void*);

std::atomic<std::uint64_t> started{0};

CreateFn next_pthread_create() {
  return reinterpret_cast<CreateFn>(::dlsym(RTLD_NEXT, "pthread_create"));
}

// Looked up at start-up, so no region ever pays for dlsym().
CreateFn real_pthread_create = next_pthread_create();

}  // namespace

std::uint64_t threads_started() {
  return started.load(std::memory_order_relaxed);
}

int threads_alive() {
  const int fd = ::open("/proc/self/status", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  char text[4096];
  const ssize_t n = ::read(fd, text, sizeof(text) - 1);
  ::close(fd);
  if (n <= 0) return 1;
  text[n] = '\0';
  const char* line = std::strstr(text, "\nThreads:");
  return line ? std::atoi(line + 9) : 1;
}

}  // namespace tally

extern "C" int pthread_create(pthread_t* thread, const pthread_attr_t* attr,
                              void* (*start)(void*), void* arg) {
  if (!tally::real_pthread_create)
    tally::real_pthread_create = tally::next_pthread_create();
  tally::started.fetch_add(1, std::memory_order_relaxed);
  return tally::real_pthread_create(thread, attr, start, arg);
}

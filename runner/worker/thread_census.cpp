#include "worker/thread_census.hpp"

#include <dirent.h>
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

constexpr unsigned long kPfExiting = 0x4;  // include/linux/sched.h

// Whether task `tid` of this process has begun to exit. pthread_join()
// returns once the kernel clears the thread's tid, which comes after
// PF_EXITING is set but before the thread leaves the Threads: count, so a
// thread joined just before a region would otherwise be counted in it.
// A task that can no longer be read has gone.
bool exiting(int task_dir, const char* tid) {
  char path[64];
  const std::size_t len = std::strlen(tid);
  if (len + sizeof("/stat") > sizeof(path)) return true;
  std::memcpy(path, tid, len);
  std::memcpy(path + len, "/stat", sizeof("/stat"));
  const int fd = ::openat(task_dir, path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return true;
  char text[1024];
  const ssize_t n = ::read(fd, text, sizeof(text) - 1);
  ::close(fd);
  if (n <= 0) return true;
  text[n] = '\0';
  // The name in parentheses may hold spaces and ')': fields count from the
  // last ')'. After it: state ppid pgrp session tty_nr tpgid flags.
  const char* field = std::strrchr(text, ')');
  if (!field) return true;
  for (int i = 0; i < 7 && field; ++i) field = std::strchr(field + 1, ' ');
  if (!field) return true;
  return (std::strtoul(field + 1, nullptr, 10) & kPfExiting) != 0;
}

}  // namespace

std::uint64_t threads_started() {
  return started.load(std::memory_order_relaxed);
}

int threads_alive() {
  const int dir = ::open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return 1;
  // getdents64() into a stack buffer: opendir() would allocate.
  alignas(dirent64) char buffer[4096];
  int alive = 0;
  for (;;) {
    const ssize_t n = ::getdents64(dir, buffer, sizeof(buffer));
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      const auto* entry = reinterpret_cast<const dirent64*>(buffer + at);
      at += entry->d_reclen;
      if (entry->d_name[0] != '.' && !exiting(dir, entry->d_name)) ++alive;
    }
  }
  ::close(dir);
  return alive > 0 ? alive : 1;
}

}  // namespace tally

extern "C" int pthread_create(pthread_t* thread, const pthread_attr_t* attr,
                              void* (*start)(void*), void* arg) {
  if (!tally::real_pthread_create)
    tally::real_pthread_create = tally::next_pthread_create();
  tally::started.fetch_add(1, std::memory_order_relaxed);
  return tally::real_pthread_create(thread, attr, start, arg);
}

// A well-behaved plugin: a loop of known length inside and outside a region.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <tally/plugin.hpp>
#include <thread>
#include <vector>

// Exported and kept out of line so the fidelity test can run the very same
// code under `valgrind --toggle-collect=tally_test_spin`.
extern "C" __attribute__((noinline, visibility("default"))) void
tally_test_spin(std::int64_t n) {
  for (std::int64_t i = 0; i < n; ++i) tally::do_not_optimize(i);
}

namespace {

void spin(std::int64_t n) { tally_test_spin(n); }

class Loop : public tally::Benchmark {
 public:
  void prepare_once(const tally::Cell& cell) override {
    n_ = cell.params.get<std::int64_t>("n");
  }
  void work(tally::Meter& meter) override {
    {
      tally::Region region(meter, "compile_time");
      spin(n_);
    }
    spin(n_);
  }

 private:
  std::int64_t n_ = 0;
};

// Declares compile_time but never enters it: its cells must fail.
class ForgetsRegion : public tally::Benchmark {
 public:
  void work(tally::Meter&) override { spin(10); }
};

// An empty work() and an empty region: what the harness itself costs.
class Empty : public tally::Benchmark {
 public:
  void work(tally::Meter& meter) override {
    tally::Region region(meter, "compile_time");
  }
};

// Allocates in work(), so its count depends on the heap it finds; with
// `leak` > 0 it first leaves that many scattered blocks behind, as a model
// that caches things would, to change the heap the cells after it find.
class Heap : public tally::Benchmark {
 public:
  void prepare_once(const tally::Cell& cell) override {
    const std::int64_t leak = cell.params.get<std::int64_t>("leak");
    std::vector<std::unique_ptr<std::string>> churn;
    for (std::int64_t i = 0; i < 2 * leak; ++i)
      churn.push_back(std::make_unique<std::string>(
          static_cast<size_t>(16 + i % 200), 'x'));
    for (std::int64_t i = 0; i < 2 * leak; i += 2)
      static_cast<void>(churn[static_cast<size_t>(i)].release());
  }
  void work(tally::Meter&) override {
    std::vector<std::unique_ptr<std::string>> blocks;
    for (int i = 0; i < 1000; ++i)
      blocks.push_back(std::make_unique<std::string>(
          static_cast<size_t>(24 + i % 300), 'y'));
    tally::do_not_optimize(blocks);
  }
};

// The same spin on `threads` threads at once inside compile_time: a
// counter that counts every thread reads `threads` times the 1-thread
// figure. prepare() spins on another thread, outside work(), which must not
// be counted.
class Threads : public tally::Benchmark {
 public:
  void prepare_once(const tally::Cell& cell) override {
    n_ = cell.params.get<std::int64_t>("n");
    threads_ = cell.params.get<std::int64_t>("threads");
  }
  void prepare() override {
    std::thread([this] { spin(n_); }).join();
  }
  void work(tally::Meter& meter) override {
    tally::Region region(meter, "compile_time");
    std::vector<std::thread> others;
    for (std::int64_t i = 1; i < threads_; ++i)
      others.emplace_back([this] { spin(n_); });
    spin(n_);
    for (auto& t : others) t.join();
  }

 private:
  std::int64_t n_ = 0, threads_ = 1;
};

// A thread that waits, idle, while work() spins: it must add nothing.
class IdleThread : public tally::Benchmark {
 public:
  void prepare_once(const tally::Cell& cell) override {
    n_ = cell.params.get<std::int64_t>("n");
    waiter_ = std::thread([this] {
      std::unique_lock<std::mutex> lock(mutex_);
      woken_.wait(lock, [this] { return done_; });
    });
  }
  ~IdleThread() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    woken_.notify_one();
    if (waiter_.joinable()) waiter_.join();
  }
  void work(tally::Meter& meter) override {
    tally::Region region(meter, "compile_time");
    spin(n_);
  }

 private:
  std::int64_t n_ = 0;
  std::thread waiter_;
  std::mutex mutex_;
  std::condition_variable woken_;
  bool done_ = false;
};

}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "healthy";
  plugin.version = "1.2.3";
  tally::BenchmarkInfo loop;
  loop.name = "healthy_loop";
  loop.description = "spins n times in compile_time, then n times outside";
  loop.backends = {"native"};
  loop.regions = {"compile_time"};
  loop.params = {{"n", std::int64_t{100000}, "loop length", 1, 1e12}};
  loop.make = [] { return std::make_unique<Loop>(); };
  plugin.benchmarks.push_back(loop);

  tally::BenchmarkInfo forgets;
  forgets.name = "healthy_forgets_region";
  forgets.backends = {"native"};
  forgets.regions = {"compile_time"};
  forgets.make = [] { return std::make_unique<ForgetsRegion>(); };
  plugin.benchmarks.push_back(forgets);

  tally::BenchmarkInfo empty;
  empty.name = "healthy_empty";
  empty.backends = {"native"};
  empty.regions = {"compile_time"};
  empty.make = [] { return std::make_unique<Empty>(); };
  plugin.benchmarks.push_back(empty);

  tally::BenchmarkInfo heap;
  heap.name = "healthy_heap";
  heap.description = "allocates 1000 blocks; first leaks `leak` blocks";
  heap.backends = {"native"};
  heap.params = {{"leak", std::int64_t{0}, "blocks to leak first", 0, 1e6}};
  heap.make = [] { return std::make_unique<Heap>(); };
  plugin.benchmarks.push_back(heap);

  tally::BenchmarkInfo threads;
  threads.name = "healthy_threads";
  threads.description = "spins n times on each of `threads` threads at once";
  threads.backends = {"native"};
  threads.regions = {"compile_time"};
  threads.params = {{"n", std::int64_t{100000}, "loop length", 1, 1e12},
                    {"threads", std::int64_t{1}, "threads spinning", 1, 64}};
  threads.make = [] { return std::make_unique<Threads>(); };
  plugin.benchmarks.push_back(threads);

  tally::BenchmarkInfo idle;
  idle.name = "healthy_idle_thread";
  idle.description = "spins n times while another thread waits";
  idle.backends = {"native"};
  idle.regions = {"compile_time"};
  idle.params = {{"n", std::int64_t{100000}, "loop length", 1, 1e12}};
  idle.make = [] { return std::make_unique<IdleThread>(); };
  plugin.benchmarks.push_back(idle);
  return plugin;
}
TALLY_PLUGIN(make_plugin)

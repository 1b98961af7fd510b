// Benchmarks whose work() writes to the worker's event pipe (fd 4), or
// closes or replaces it, as a hostile or careless plugin might: each must
// cost only its own cell, with a clear reason, and the cells after it must
// still be measured.
#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <tally/plugin.hpp>

namespace {

void send(const std::string& bytes) {
  for (size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(4, bytes.data() + done, bytes.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

class Breaker : public tally::Benchmark {
 public:
  explicit Breaker(std::string how) : how_(std::move(how)) {}
  void work(tally::Meter&) override {
    if (how_ == "garbage") send("this is not an event\n");
    if (how_ == "missing_field") send("{\"event\":\"cell_end\"}\n");
    if (how_ == "wrong_type")
      send("{\"event\":\"cell_begin\",\"index\":\"zero\"}\n");
    // 10 MB without a newline: must not grow the host without bound.
    if (how_ == "flood") send(std::string(10 << 20, 'x'));
    // Half an event: the worker's own cell_end then lands on the same line.
    if (how_ == "torn") send("{\"event\":\"cell_");
    if (how_ == "close") ::close(4);
    if (how_ == "replace") {
      const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
      ::dup2(null, 4);
      ::close(null);
    }
    // As a daemon-like plugin might: the cell's private pipes go too.
    if (how_ == "close_all")
      for (int fd = 3; fd < 1024; ++fd) ::close(fd);
  }

 private:
  std::string how_;
};

}  // namespace

tally::Plugin make_plugin() {
  tally::Plugin plugin;
  plugin.name = "protocol_breaker";
  plugin.version = "0.1";
  for (const char* how : {"garbage", "missing_field", "wrong_type", "flood",
                          "torn", "close", "replace", "close_all", "ok"}) {
    tally::BenchmarkInfo info;
    info.name = std::string("breaker_") + how;
    info.backends = {"native"};
    const std::string what = how;
    info.make = [what] { return std::make_unique<Breaker>(what); };
    plugin.benchmarks.push_back(info);
  }
  return plugin;
}
TALLY_PLUGIN(make_plugin)

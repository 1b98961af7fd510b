// tally-worker: the process that measures. The host starts it (under
// valgrind for callgrind), hands it a job on fd 3 and reads events on fd 4;
// see worker/worker_main.hpp. It is a binary of its own, built only from
// worker/, counters/, protocol/ and core/, so that the host's code cannot
// move a count.
#include <csignal>

#include "worker/worker_main.hpp"

int main() {
  // As the host: past a file-size limit, write() fails with EFBIG and the
  // cell says so, instead of SIGXFSZ ending the worker without a word.
  ::signal(SIGXFSZ, SIG_IGN);
  return tally::worker_main();
}

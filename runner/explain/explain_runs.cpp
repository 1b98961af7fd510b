// explain_runs() and top_functions(): explain.hpp's entry points over two
// results folders.
#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "core/error.hpp"
#include "explain/explain.hpp"
#include "explain/explain_inputs.hpp"

namespace tally::explain {

std::vector<CellExplanation> explain_runs(const std::string& base_dir,
                                          const std::string& new_dir,
                                          const ExplainRequest& request) {
  const std::vector<ProfilePair> pairs =
      profile_pairs(read_profiled_run(base_dir), read_profiled_run(new_dir),
                    request.filter, request.metric);
  // Profiles are read and compared on every core: a whole pr.yaml run has
  // hundreds of them, of a few MB each.
  std::vector<CellExplanation> out(pairs.size());
  std::vector<std::exception_ptr> errors(pairs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next++) < pairs.size();) {
      try {
        out[i] = explain_profile_files(pairs[i], request.options);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const std::size_t n = std::min<std::size_t>(
      pairs.size(), std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < n; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  // The first bad input in report order, whichever thread met it first.
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

std::vector<ExplainEntry> top_functions(const std::string& base_dir,
                                        const std::string& new_dir,
                                        const std::string& cell,
                                        const std::string& metric, int n) {
  const ProfiledRun base = read_profiled_run(base_dir);
  const ProfiledRun now = read_profiled_run(new_dir);
  const auto b = base.profiles.find({cell, metric});
  const auto w = now.profiles.find({cell, metric});
  if (b == base.profiles.end() || w == now.profiles.end())
    throw Error("no profile of " + cell + " " + metric + " in " +
                    (b == base.profiles.end() ? base : now).results_json,
                ExitCode::kNoProfiles);
  ExplainOptions options;
  options.top = n > 0 ? static_cast<std::size_t>(n) : 0;
  return explain_profile_files({cell, metric, b->second, w->second}, options)
      .entries;
}

}  // namespace tally::explain

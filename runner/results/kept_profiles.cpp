#include "results/kept_profiles.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <set>

#include "core/error.hpp"
#include "counters/counter.hpp"
#include "profile/callgrind_reader.hpp"
#include "profile/callgrind_writer.hpp"

namespace tally {
namespace {

std::string dump_path(const std::string& dir, int pid, int number) {
  return dir + "/cg." + std::to_string(pid) + "." + std::to_string(number);
}

// The profile of one sample: the sum of its segments' dumps.
profile::Profile merged(const std::string& dir, int pid,
                        const std::vector<int>& dumps) {
  if (dumps.empty() || dumps.front() <= 0)
    throw Error("the worker named no dump for a sample", ExitCode::kIoError);
  profile::Profile sum = profile::read_callgrind(dump_path(dir, pid, dumps[0]));
  for (size_t i = 1; i < dumps.size(); ++i)
    sum.add(profile::read_callgrind(dump_path(dir, pid, dumps[i])));
  return sum;
}

// Writes the profile of sample `i` of `metric`; returns its path relative
// to the results folder.
std::string keep_sample(const Measurement& m, const std::string& region,
                        size_t i, const std::string& dump_dir,
                        const std::string& out_dir, const CellResult& result,
                        const std::string& metric, bool numbered) {
  profile::Profile p = merged(dump_dir, m.dump_pid, m.dumps.at(region).at(i));
  const std::uint64_t sample = m.samples.at(region).at(i);
  if (p.total().at(0) != sample)
    throw Error("the profile of " + result.name + " " + metric + " totals " +
                    std::to_string(p.total().at(0)) + ", its sample " +
                    std::to_string(sample),
                ExitCode::kIoError);
  p.label(result.name, metric);
  const std::string name = "profiles/" + result.name + "." + metric +
                           (numbered ? "." + std::to_string(i) : "") +
                           ".callgrind";
  profile::write_callgrind_file(out_dir + "/" + name, p);
  return name;
}

void remove_dumps(const Measurement& m, const std::string& dump_dir) {
  std::set<int> numbers;
  for (const auto& [region, samples] : m.dumps)
    for (const auto& dumps : samples) numbers.insert(dumps.begin(), dumps.end());
  for (int number : numbers)
    if (number > 0) ::unlink(dump_path(dump_dir, m.dump_pid, number).c_str());
}

}  // namespace

void keep_profiles(const PlannedCell& cell, const Measurement& m,
                   const std::string& dump_dir, const std::string& out_dir,
                   CellResult& result) {
  if (m.dumps.empty()) return;
  struct Cleanup {
    const Measurement& m;
    const std::string& dir;
    ~Cleanup() { remove_dumps(m, dir); }
  } cleanup{m, dump_dir};
  boost::filesystem::create_directories(out_dir + "/profiles");
  const std::string quantity = counter_quantity(cell.counter);
  for (const auto& [region, samples] : m.samples) {
    if (!m.dumps.count(region) || samples.empty()) continue;
    const std::string metric = metric_name(region, quantity);
    MetricStats& stats = result.metrics.at(metric);
    const size_t best = static_cast<size_t>(
        std::min_element(samples.begin(), samples.end()) - samples.begin());
    if (cell.profiles == ProfileMode::kAll) {
      for (size_t i = 0; i < samples.size(); ++i)
        stats.all_profiles.push_back(keep_sample(
            m, region, i, dump_dir, out_dir, result, metric, true));
      stats.profile = stats.all_profiles.at(best);
    } else {
      stats.profile = keep_sample(m, region, best, dump_dir, out_dir, result,
                                  metric, false);
    }
  }
}

}  // namespace tally

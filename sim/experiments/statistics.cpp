#include "sim/experiments/statistics.h"

#include <algorithm>
#include <cassert>

namespace sim::experiments {

Time nearest_rank(const std::vector<Time>& sorted, int percent) {
  assert(!sorted.empty() && percent >= 0 && percent <= 100);
  const std::size_t n = sorted.size();
  // ceil(percent * n / 100) in integers; rank 0 (percent 0) means the smallest value.
  const std::size_t rank = (static_cast<std::size_t>(percent) * n + 99) / 100;
  return sorted[rank == 0 ? 0 : rank - 1];
}

Summary summarize(const std::vector<Sample>& samples) {
  Summary summary;
  summary.trials = samples.size();
  if (samples.empty()) return summary;
  std::vector<Time> sorted;
  sorted.reserve(samples.size());
  Time total = 0;
  long long rounds = 0;
  std::size_t splits = 0;
  for (const Sample& sample : samples) {
    sorted.push_back(sample.downtime);
    total += sample.downtime;
    rounds += sample.rounds;
    if (sample.split_vote) ++splits;
    if (!sample.finished) ++summary.unfinished;
  }
  std::sort(sorted.begin(), sorted.end());
  const double n = static_cast<double>(samples.size());
  summary.mean_ms = to_ms(total) / n;
  summary.median_ms = to_ms(nearest_rank(sorted, 50));
  summary.p90_ms = to_ms(nearest_rank(sorted, 90));
  summary.p99_ms = to_ms(nearest_rank(sorted, 99));
  summary.max_ms = to_ms(sorted.back());
  summary.split_vote_share = static_cast<double>(splits) / n;
  summary.mean_rounds = static_cast<double>(rounds) / n;
  return summary;
}

std::vector<CdfPoint> cdf(std::vector<Time> downtimes, std::size_t total) {
  assert(total >= downtimes.size());
  std::sort(downtimes.begin(), downtimes.end());
  std::vector<CdfPoint> points;
  const double n = static_cast<double>(total);
  for (std::size_t i = 0; i < downtimes.size(); ++i) {
    // Only the last of equal times: the share of trials at most this long.
    if (i + 1 < downtimes.size() && downtimes[i + 1] == downtimes[i]) continue;
    points.push_back({to_ms(downtimes[i]), static_cast<double>(i + 1) / n});
  }
  return points;
}

}  // namespace sim::experiments

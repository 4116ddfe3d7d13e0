// Summary statistics of an experiment's trials: the figures the summary table prints
// and the points of a cumulative distribution (Figure 16 of the Raft paper plots these).
//
// Percentiles are by nearest rank: the p-th percentile of n sorted values is the
// value at rank ceil(p/100 * n), so every figure reported is a time some trial took
// (the median of an even count is the lower middle value, not an average of two).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/types.h"

namespace sim::experiments {

using raft::Time;

struct Summary {
  std::size_t trials = 0;
  std::size_t unfinished = 0;   // trials that gave up before a leader was in place
  double mean_ms = 0;
  double median_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  double split_vote_share = 0;  // 0..1: share of trials with at least one split vote
  double mean_rounds = 0;       // election rounds (terms) per trial
};

// The value at nearest rank ceil(percent/100 * n) of `sorted` (ascending, not empty).
Time nearest_rank(const std::vector<Time>& sorted, int percent);

// One trial as the statistics see it.
struct Sample {
  Time downtime = 0;  // microseconds
  int rounds = 0;
  bool split_vote = false;
  bool finished = true;
};

Summary summarize(const std::vector<Sample>& samples);

// The empirical CDF as a staircase: for each distinct time, the share of all `total`
// trials that finished within it. Trials that never finished are not among
// `downtimes`, so the curve then stops below 100%. Times in milliseconds.
struct CdfPoint {
  double ms = 0;
  double fraction = 0;
};
std::vector<CdfPoint> cdf(std::vector<Time> downtimes, std::size_t total);

inline double to_ms(Time time) { return static_cast<double>(time) / static_cast<double>(raft::kMillisecond); }

}  // namespace sim::experiments

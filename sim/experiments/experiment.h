// The experiments behind `raftsim experiment`: many independent failover trials per
// variant (a timeout range, a cluster size), each trial its own seed, run in parallel
// with a result that does not depend on the number of workers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/experiments/failover.h"
#include "sim/experiments/statistics.h"

namespace sim::experiments {

// One setting to measure: a line of a chart.
struct Variant {
  FailoverSettings settings;
};

struct VariantOutcome {
  FailoverSettings settings;
  std::vector<TrialResult> trials;  // in trial order
  Summary summary;
};

// Trial t of every variant runs with the same seed, derived from the run's seed: the
// variants are compared on the same random draws (the same crash moments, the same
// latencies as far as the runs agree).
std::uint64_t trial_seed(std::uint64_t run_seed, std::size_t trial);

// Runs `trials` trials of every variant on `jobs` threads. progress(done, total) is
// called on the calling thread from time to time.
std::vector<VariantOutcome> run_variants(const std::vector<Variant>& variants, int trials, std::uint64_t run_seed,
                                         int jobs, const std::function<void(std::size_t, std::size_t)>& progress = {});

// How late the timers of docs/experiments.md's Figure 16 runs (and the GUI's) may fire:
// a real server's timer is a little late, by a varying amount, and without that no
// split vote between identical timeouts (150-150) would ever end. 1 ms is a round
// figure for a millisecond timer on a busy server, not fitted to the paper's curves.
inline constexpr Time kRealServerTimerJitter = 1 * raft::kMillisecond;

// The election-timeout ranges of Figure 16: the top graph varies the randomness, the
// bottom one scales the minimum timeout (150-300 ms is on both).
std::vector<TimeoutRange> paper_randomness_ranges();
std::vector<TimeoutRange> paper_scale_ranges();
std::vector<TimeoutRange> paper_ranges();  // both, each range once

// Which panel a range belongs to: the scale panel holds ranges of the form X-2X; the
// randomness panel holds every other range and the X-2X ranges whose minimum another
// range of that panel shares (so 150-300 is on both, as in the paper).
bool on_scale_panel(const TimeoutRange& range);
bool on_randomness_panel(const TimeoutRange& range, const std::vector<TimeoutRange>& all);

// Parses "150-155,12-24" (milliseconds, fractions allowed to the microsecond). On error
// returns false and sets `error` to what is wrong, where (a 1-based column) and a hint.
bool parse_ranges(const std::string& text, std::vector<TimeoutRange>& ranges, std::string& error);

}  // namespace sim::experiments

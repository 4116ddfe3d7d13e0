// One trial of the leader-failover experiment of the Raft paper (section 9.3, Figure 16;
// dissertation section 9.4): crash the leader and measure how long the cluster is
// without one.
//
// The stage is the paper's worst case:
//   - `nodes` servers with a leader; the followers' logs differ in length so that
//     (nodes-1)/2 of them (two of the four in a five-server cluster) cannot win an
//     election: their logs are shorter than a majority's;
//   - the heartbeat interval is half the minimum election timeout;
//   - just before it crashes, the leader broadcasts (it replicates a client's write,
//     the paper's "synchronized heartbeat"), so every follower's timer starts at about
//     the same moment and split votes are as likely as they get;
//   - the crash comes at a uniformly random moment within the heartbeat interval.
// Downtime is the paper's: from the crash until every other live server has received
// the new leader's first heartbeat (its AppendEntries of the new term).
//
// A crash here is a process exit: what the leader had already sent still arrives (on
// the wire), and nothing it would have done after the crash does. See
// docs/experiments.md for how the stage is built with the simulator's own actions.
#pragma once

#include <cstdint>
#include <string>

#include "core/types.h"

namespace sim::experiments {

using raft::Time;

struct TimeoutRange {
  Time min = 150 * raft::kMillisecond;
  Time max = 300 * raft::kMillisecond;
  friend bool operator==(const TimeoutRange&, const TimeoutRange&) = default;
};

// "150-155" (milliseconds, as the paper names its lines).
std::string range_name(const TimeoutRange& range);

struct FailoverSettings {
  int nodes = 5;
  TimeoutRange timeouts;
  // One-way latency, uniform in [min, max]: a round trip takes 10 to 20 ms, 15 ms on
  // average, the paper's "broadcast time of roughly 15 ms".
  Time latency_min = 5 * raft::kMillisecond;
  Time latency_max = 10 * raft::kMillisecond;
  // The paper's worst case: (nodes-1)/2 followers keep logs too short to win. Off,
  // every follower has the leader's log (the dissertation's section 9.5 compares).
  bool divergent_logs = true;
  // How late a server's election timer may fire (raft::Config::election_timer_jitter):
  // 0, exact timers, unless asked. The paper's servers had some; without any, identical
  // timeouts (150-150) never break a split vote (docs/experiments.md).
  Time timer_jitter = 0;
  // A trial still without a leader this long after the crash is reported unfinished
  // (the paper's 150-150 ms line runs to minutes).
  Time give_up_after = 600 * raft::kSecond;
};

struct TrialResult {
  std::uint64_t seed = 0;
  Time downtime = 0;           // crash until every live server heard the new leader
  int rounds = 0;              // elections (terms) after the crash, the winning one included
  bool split_vote = false;     // some term had two or more candidates and no leader
  bool finished = true;        // false: gave up after give_up_after, or not staged
  bool staged = true;          // false: the stage could not be set (see problem)
  bool violated = false;       // a safety invariant failed (a bug; the run stops)
  std::uint32_t new_leader = 0;
  Time crash_phase = 0;        // when in its heartbeat interval the leader crashed
  std::string problem;         // why the stage could not be set, or the violation
};

// Why these settings cannot stage the experiment, or "" if they can.
std::string check_settings(const FailoverSettings& settings);

// Runs one trial; everything random in it comes from `seed`.
TrialResult run_failover_trial(const FailoverSettings& settings, std::uint64_t seed);

}  // namespace sim::experiments

// The randomized chaos run behind `raftsim chaos` and the seed sweep test: a safety
// phase of random faults and client writes with every invariant checked, then a
// liveness phase with faults healed in which the cluster must settle on one leader that
// stays put while it commits several writes, within a bound tied to the timeouts.
//
// What a seed runs on (cluster size, latency, entries per message, write bursts) is
// drawn from the seed itself (the default mix), unless an option fixes it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/bugs.h"
#include "sim/cluster/simulator.h"

namespace sim {

struct ChaosOptions {
  int nodes = 0;                        // 0: drawn per seed, 3 to 7 (even sizes too)
  Time latency_min = -1;                // -1: drawn per seed (with latency_max)
  Time latency_max = -1;
  std::size_t entries_per_message = 0;  // 0: drawn per seed
  int burst_max = 0;                    // the most writes in one burst; 0: drawn per seed
  int snapshot_every = -1;              // the snapshot threshold; -1: drawn per seed (0: never)
  Time safety_phase = 20 * raft::kSecond;
  Time liveness_bound = 0;  // 0: kLivenessTimeouts election timeouts (the longest), from healing
  raft::BugSet bugs;        // mistakes every node makes (core/bugs.h)
  OptionSwitches switches;  // --noop, --prevote, --check-quorum: fixed (else drawn per seed)
  // When set, every record of the run is handed over as it happens (`chaos --trace`).
  std::function<void(std::vector<Record>)> on_records;
};

// The liveness phase, in election timeouts (the longest, 300 ms by default): a leader
// must hold its term for kStableTimeouts of them and commit kLivenessWrites writes, all
// within kLivenessTimeouts of them after healing.
inline constexpr int kStableTimeouts = 10;
inline constexpr int kLivenessTimeouts = 20;
inline constexpr int kLivenessWrites = 5;
inline constexpr std::uint32_t kChaosClients = 3;  // the writes go round-robin over them

// What one seed runs on: the options, with what they leave open drawn from the seed.
struct ChaosMix {
  int nodes = 5;
  Time latency_min = 1 * raft::kMillisecond;
  Time latency_max = 10 * raft::kMillisecond;
  std::size_t entries_per_message = 64;
  int burst_max = 1;
  bool noop = true;  // the core's options (raft::Config), each on two seeds in three
  bool pre_vote = true;
  bool check_quorum = true;
  std::uint64_t snapshot_every = 0;  // log compaction's threshold (0: none but `snapshot` actions)
  // Membership changes (dissertation chapter 4): on for about half the seeds, drawn from a
  // stream of their own so that the seeds without them run exactly as before. With them,
  // 1 or 2 spare nodes start outside the configuration, and add, promote and remove join
  // the faults.
  bool membership = false;
  int spares = 0;
  // Reads (dissertation 6.4), from a stream of their own: the way they are served, and
  // the drift bound a lease assumes; every node's clock drifts within it, never past.
  ReadWay reads = ReadWay::Log;
  std::uint32_t max_drift_ppm = 0;
};
ChaosMix chaos_mix(std::uint64_t seed, const ChaosOptions& options);
// "4 nodes, latency 1ms-400ms, 2 entries/message, bursts of up to 8, noop on, prevote off, check-quorum on"
std::string describe_mix(const ChaosMix& mix);

struct ChaosResult {
  bool passed = false;
  bool violated = false;  // a safety invariant failed (else, if not passed, liveness did)
  std::string check;      // the check that failed first: an invariant's name, or "Liveness: ..."
  std::string failure;    // what went wrong, with the command that reproduces it
  ChaosMix mix;
  std::uint64_t events = 0;
  std::uint64_t faults = 0;
  std::uint64_t writes_acknowledged = 0;
  std::uint64_t duplicates_skipped = 0;  // writes committed again that sessions applied once
  Time ended_at = 0;       // the virtual time the run ended
  Time liveness_time = 0;  // how long the healed cluster took to settle and commit
};

// The cluster a seed runs on (its mix and the bugs), as the trace's header shows it.
ClusterConfig chaos_cluster(std::uint64_t seed, const ChaosOptions& options);

ChaosResult run_chaos(std::uint64_t seed, const ChaosOptions& options = {});

// The command line that reproduces a seed: the seed and any option given.
std::string chaos_reproduce_command(std::uint64_t seed, const ChaosOptions& options);

}  // namespace sim

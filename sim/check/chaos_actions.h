// The safety phase of `raftsim chaos` (sim/check/chaos.cpp): the faults and client actions it
// draws, as one table of named, weighted rows (chaos_actions.cpp), the patterns that set
// up a known counterexample step by step (chaos_patterns.cpp), and the draws made beside
// the actions from streams of their own (reads, snapshots, membership changes).
#pragma once

#include <cstdint>
#include <set>
#include <span>
#include <string>
#include <utility>

#include "core/random.h"
#include "sim/check/chaos.h"
#include "sim/cluster/simulator.h"

namespace sim {

// What the safety phase keeps between actions.
struct Workload {
  ChaosMix mix;  // the seed's draw: which rows apply
  std::uint64_t writes = 0;
  std::uint64_t faults = 0;
  std::set<std::pair<NodeId, NodeId>> slow_links;  // given a latency of their own, undone at healing
  // The next write's command, "k3=17": one of ten keys, a value never written before.
  std::string next_write(raft::Prng& random);
};

// One row of the safety phase's mix. A row that applies to the seed's mix is drawn with
// probability weight / (the weights of all rows that apply); the others are never drawn.
struct ChaosAction {
  const char* name;
  int weight;
  bool fault;  // counted in ChaosResult::faults (a client's write is not)
  bool (*applies)(const ChaosMix& mix);
  void (*act)(Simulator& sim, raft::Prng& random, Workload& work);
};

// The rows, in the order the roll walks them.
std::span<const ChaosAction> chaos_actions();
// The sum of the weights of the rows that apply to `mix`.
int chaos_weight(const ChaosMix& mix);
// Draws one row that applies to the workload's mix, by weight, and makes it.
void random_action(Simulator& sim, raft::Prng& random, Workload& work);

// ---- The patterns (chaos_patterns.cpp) ---------------------------------------------------
// Each sets up a counterexample from the literature with the cluster as it is, and does
// nothing (or stops half way) when the cluster does not lend itself to it.

// A leader counts a reply from before its re-election (5.3): `count-stale-append-reply`.
void reelection_with_reply_in_flight(Simulator& sim, raft::Prng& random, Workload& work);
// Two single-server changes whose majorities do not meet (4.1, Ongaro's 2015 counterexample):
// `change-before-own-commit`.
void membership_race(Simulator& sim, raft::Prng& random, Workload& work);
// A deposed leader asked to read (6.4; Jepsen's stale reads of 2014).
void read_from_deposed_leader(Simulator& sim, raft::Prng& random);
// A deposed leader asked to read, its successor elected by followers that rebooted at
// once (6.4.1, 4.2.3): `vote-right-after-restart`.
void read_after_reboots(Simulator& sim, raft::Prng& random);

// ---- Beside the actions, from streams of their own ----------------------------------------

// A read of one of the writes' keys, through the client's leader or pinned to any node.
void random_read(Simulator& sim, raft::Prng& random, const ChaosMix& mix);
// Each node's clock runs fast or slow within the bound the lease assumes (6.4.1).
void set_drifts(Simulator& sim, raft::Prng& random, const ChaosMix& mix);
// One membership change (dissertation 4.2), asked of the leader.
void random_membership_change(Simulator& sim, raft::Prng& random);

}  // namespace sim

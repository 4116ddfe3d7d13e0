// The safety phase's mix as a table: one row per action, with its weight, the seeds it
// applies to and what it does. The default rows weigh 100 in all, so a weight reads as a
// percentage; the patterns that only some seeds allow are drawn on top, rarely.

#include "sim/check/chaos_actions.h"

#include <vector>

namespace sim {

namespace {

using raft::kMillisecond;

NodeId any_node(Simulator& sim, raft::Prng& random) {
  return static_cast<NodeId>(1 + random.below(static_cast<std::uint64_t>(sim.size())));
}

// ---- When a row applies ------------------------------------------------------------------

bool always(const ChaosMix&) { return true; }
// A forced election ignores the followers' lease, which leader leases rely on (6.4.1): the
// stale-reply pattern forces one while a rival leads with a lease, a fault outside the
// lease's model (as drift beyond the bound is). It also needs five nodes (spares included).
bool forced_reelection_allowed(const ChaosMix& mix) { return mix.reads != ReadWay::Lease && mix.nodes + mix.spares >= 5; }
bool membership_changes(const ChaosMix& mix) { return mix.membership; }
// A restart only holds a vote back where a leader serves reads on its lease (6.4.1).
bool lease_reads(const ChaosMix& mix) { return mix.reads == ReadWay::Lease && mix.check_quorum; }

// ---- The actions -------------------------------------------------------------------------

// A write, or a burst of writes back to back (many entries in flight at once).
void write(Simulator& sim, raft::Prng& random, Workload& work) {
  const NodeId via = random.chance(1, 4) ? any_node(sim, random) : 0;
  const std::uint64_t burst = random.chance(1, 3) ? 1 + random.below(static_cast<std::uint64_t>(work.mix.burst_max)) : 1;
  for (std::uint64_t i = 0; i < burst; ++i) sim.write(work.next_write(random), via);
}

// The Figure 8 pattern: a leader takes a write and crashes before it is replicated
// everywhere, leaving an entry of its term on a minority.
void leader_writes_and_crashes(Simulator& sim, raft::Prng& random, Workload& work) {
  const auto leader = sim.leader();
  if (!leader) return;
  sim.write(work.next_write(random), *leader);
  sim.run_until(sim.now() + random.between(0, 2 * sim.network().latency_max));
  if (sim.is_up(*leader)) sim.crash(*leader);
}

void crash(Simulator& sim, raft::Prng& random, Workload&) {
  const NodeId node = any_node(sim, random);
  if (sim.is_up(node)) sim.crash(node);
}

void restart(Simulator& sim, raft::Prng& random, Workload&) {
  const NodeId node = any_node(sim, random);
  if (!sim.is_up(node)) sim.restart(node);
}

void partition(Simulator& sim, raft::Prng& random, Workload&) {
  std::vector<std::vector<NodeId>> groups(2);
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) groups[random.below(2)].push_back(node);
  sim.partition(groups);
}

void isolate(Simulator& sim, raft::Prng& random, Workload&) { sim.isolate(any_node(sim, random)); }

void one_way_cut(Simulator& sim, raft::Prng& random, Workload&) {
  const NodeId from = any_node(sim, random);
  const NodeId to = any_node(sim, random);
  if (from != to) sim.cut(from, to);
}

void heal(Simulator& sim, raft::Prng&, Workload&) { sim.heal(); }

void message_loss(Simulator& sim, raft::Prng& random, Workload&) {  // up to 30%
  sim.set_loss(static_cast<std::uint32_t>(random.below(300'001)));
}

void duplication(Simulator& sim, raft::Prng& random, Workload&) {  // up to 10%
  sim.set_duplication(static_cast<std::uint32_t>(random.below(100'001)));
}

// Long reordering, as the course labs' unreliable network has it: one direction of one
// link delays its messages by 200ms to 2.2s, so a reply can arrive terms after the
// request it answers while the rest of the cluster moves on. Undone at healing.
void slow_link(Simulator& sim, raft::Prng& random, Workload& work) {
  const NodeId from = any_node(sim, random);
  const NodeId to = any_node(sim, random);
  if (from == to) return;
  sim.set_link_latency(from, to, 200 * kMillisecond, 2200 * kMillisecond);
  work.slow_links.insert({from, to});
}

// A node's election timer runs out early, as if it had stopped hearing from its leader.
// Not forced: pre-vote and the followers' lease hold it off as they would a real timeout,
// and a node still within its own lease does not time out at all (Simulator::time_out).
void time_out(Simulator& sim, raft::Prng& random, Workload&) { sim.time_out(any_node(sim, random)); }

// Leadership transfer (dissertation 3.10) to any node: a follower, the leader itself or a
// crashed node (refused), or one that cannot take over before the leader gives up.
void transfer(Simulator& sim, raft::Prng& random, Workload&) { sim.transfer(any_node(sim, random)); }

void stale_reply_pattern(Simulator& sim, raft::Prng& random, Workload& work) { reelection_with_reply_in_flight(sim, random, work); }
void membership_race_pattern(Simulator& sim, raft::Prng& random, Workload& work) { membership_race(sim, random, work); }
void reboot_read_pattern(Simulator& sim, raft::Prng& random, Workload&) { read_after_reboots(sim, random); }

// The mix. The first fourteen rows weigh 100; the membership race, on seeds with
// membership changes only, adds 1: about two draws in a seed's 20 seconds; so does the
// reboot-read pattern, on seeds with lease reads (and check-quorum) only.
constexpr ChaosAction kActions[] = {
    // name                          weight fault  applies                     act
    {"write",                          25, false, always,                    write},
    {"leader writes and crashes",       8, true,  always,                    leader_writes_and_crashes},
    {"crash",                           8, true,  always,                    crash},
    {"restart",                        15, true,  always,                    restart},
    {"partition",                       7, true,  always,                    partition},
    {"isolate",                         4, true,  always,                    isolate},
    {"one-way cut",                     4, true,  always,                    one_way_cut},
    {"heal",                           10, true,  always,                    heal},
    {"message loss",                    7, true,  always,                    message_loss},
    {"duplication",                     4, true,  always,                    duplication},
    {"stale-reply pattern",             2, true,  forced_reelection_allowed, stale_reply_pattern},
    {"slow link",                       2, true,  always,                    slow_link},
    {"time out",                        2, true,  always,                    time_out},
    {"transfer",                        2, true,  always,                    transfer},
    {"membership-race pattern",         1, true,  membership_changes,        membership_race_pattern},
    {"reboot-read pattern",             1, true,  lease_reads,               reboot_read_pattern},
};

}  // namespace

std::string Workload::next_write(raft::Prng& random) {
  ++writes;
  return "k" + std::to_string(random.below(10)) + "=" + std::to_string(writes);
}

std::span<const ChaosAction> chaos_actions() { return kActions; }

int chaos_weight(const ChaosMix& mix) {
  int total = 0;
  for (const ChaosAction& action : kActions) {
    if (action.applies(mix)) total += action.weight;
  }
  return total;
}

void random_action(Simulator& sim, raft::Prng& random, Workload& work) {
  auto roll = static_cast<int>(random.below(static_cast<std::uint64_t>(chaos_weight(work.mix))));
  for (const ChaosAction& action : kActions) {
    if (!action.applies(work.mix)) continue;
    if (roll < action.weight) {
      if (action.fault) ++work.faults;
      action.act(sim, random, work);
      return;
    }
    roll -= action.weight;
  }
}

// ---- Beside the actions ------------------------------------------------------------------

void random_read(Simulator& sim, raft::Prng& random, const ChaosMix& mix) {
  const NodeId via = random.chance(1, 2) ? 0 : static_cast<NodeId>(1 + random.below(static_cast<std::uint64_t>(mix.nodes)));
  sim.read("k" + std::to_string(random.below(10)), via);
}

void set_drifts(Simulator& sim, raft::Prng& random, const ChaosMix& mix) {
  if (mix.max_drift_ppm == 0) return;
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
    const auto ppm = static_cast<std::int32_t>(random.below(2ull * mix.max_drift_ppm + 1)) - static_cast<std::int32_t>(mix.max_drift_ppm);
    sim.set_drift(node, ppm);
  }
}

// A node outside the configuration is added, a learner promoted (or, one time in four,
// removed), a voter removed. The leader may refuse (a change pending, nothing of its term
// committed, a learner behind): that is part of what is checked.
void random_membership_change(Simulator& sim, raft::Prng& random) {
  const auto node = static_cast<NodeId>(1 + random.below(static_cast<std::uint64_t>(sim.size())));
  const raft::Configuration configuration = sim.configuration();
  raft::ChangeKind kind = raft::ChangeKind::AddLearner;
  if (configuration.is_learner(node)) kind = random.chance(1, 4) ? raft::ChangeKind::Remove : raft::ChangeKind::Promote;
  if (configuration.is_voter(node)) kind = raft::ChangeKind::Remove;
  sim.change_membership({kind, node});
}

}  // namespace sim

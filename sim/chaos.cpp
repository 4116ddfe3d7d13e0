#include "sim/chaos.h"

#include <set>

#include "sim/lincheck/verdict.h"
#include "sim/scenario.h"

namespace sim {

namespace {

// The seed's stream for membership changes (whether, and which), apart from the others.
constexpr std::uint64_t kMembershipStream = 0x4D454D;


using raft::kMillisecond;
using raft::kSecond;

// ---- The mix: what a seed runs on ------------------------------------------------------

// Each row is equally likely. Even sizes catch a majority rounded down; latencies longer
// than an election timeout let replies outlive the election they answer; one entry per
// message makes followers lag by many messages; bursts put many entries in flight.
constexpr int kSizes[] = {3, 4, 5, 5, 6, 7};
struct LatencyRange {
  Time low, high;
};
constexpr LatencyRange kLatencies[] = {{1 * kMillisecond, 10 * kMillisecond},   {1 * kMillisecond, 10 * kMillisecond},
                                       {1 * kMillisecond, 50 * kMillisecond},   {1 * kMillisecond, 400 * kMillisecond},
                                       {1 * kMillisecond, 1000 * kMillisecond}};
constexpr std::size_t kEntriesPerMessage[] = {1, 4, 64};
constexpr int kBurstMax[] = {1, 4, 16};
// Log compaction per seed: off (0) in two seeds of five, else every 5, 20 or 100
// applied entries; chunks of 64 bytes, so a snapshot of ten keys takes several.
constexpr std::uint64_t kSnapshotEvery[] = {0, 0, 5, 20, 100};
// Reads and clock drift come from streams of their own, so that each seed keeps its other draws.
constexpr std::uint64_t kReadStream = 0x52454144;
constexpr ReadWay kReadWays[] = {ReadWay::Log, ReadWay::ReadIndex, ReadWay::Lease};
constexpr std::uint32_t kDriftBounds[] = {0, 1'000, 50'000, 200'000};  // ppm: none, 0.1%, 5%, 20%
constexpr std::size_t kSnapshotChunkBytes = 64;

template <typename T, std::size_t N>
const T& pick(raft::Prng& random, const T (&choices)[N]) {
  return choices[random.below(N)];
}

// ---- The safety phase: one random fault or client action -----------------------------

struct Workload {
  std::uint64_t writes = 0;
  std::uint64_t faults = 0;
  int burst_max = 1;
  std::set<std::pair<NodeId, NodeId>> slow_links;  // given a latency of their own, undone at healing
  // A forced campaign (`campaign NODE`) ignores the followers' lease, which leader leases
  // rely on (6.4.1): with lease reads it would be a fault outside their model, so it is drawn
  // but not made.
  bool forced_campaigns = true;
};

// Long reordering, as the course labs' unreliable network has it: one direction of one
// link delays its messages by 200ms to 2.2s, so a reply can arrive terms after the
// request it answers while the rest of the cluster moves on.
constexpr Time kSlowLinkMin = 200 * kMillisecond;
constexpr Time kSlowLinkMax = 2200 * kMillisecond;

// The pattern behind stale replies (5.3): a leader is deposed and elected again while a
// follower's reply to it is still in flight, and meanwhile the entry that reply
// acknowledged was replaced in the leader's log. Its write reaches one follower only
// (its links to the others cut one way), whose reply to it is slow; a rival is elected
// without that entry and replaces it in the old leader's log, but not the follower's
// (the rival's link to it cut); then the old leader is elected again. A leader that counts
// the slow reply in its new term believes the follower holds an entry it does not.
// Needs five nodes or more (the rival wins without the old leader and the follower).
void reelection_with_reply_in_flight(Simulator& sim, raft::Prng& random, Workload& work, const std::string& write) {
  const auto leader = sim.leader();
  const auto nodes = static_cast<NodeId>(sim.size());
  if (!leader || nodes < 5 || !work.forced_campaigns) return;
  const NodeId old = *leader;
  auto other_than = [&](NodeId a, NodeId b) {
    NodeId node = 0;
    while (node == 0 || node == a || node == b) node = static_cast<NodeId>(1 + random.below(nodes));
    return node;
  };
  // The follower holds the leader's whole log, so that it acknowledges the new entry.
  NodeId follower = 0;
  for (NodeId node = 1; node <= nodes; ++node) {
    if (node != old && sim.is_up(node) && sim.node(node).log().last_index() == sim.node(old).log().last_index() &&
        (follower == 0 || random.chance(1, 2))) {
      follower = node;
    }
  }
  if (follower == 0) return;
  const NodeId rival = other_than(old, follower);
  const Time hop = 2 * sim.network().latency_max + 10 * kMillisecond;  // a message and its reply
  sim.set_link_latency(follower, old, 5 * hop, 6 * hop);
  work.slow_links.insert({follower, old});
  for (NodeId node = 1; node <= nodes; ++node) {
    if (node != old && node != follower) sim.cut(old, node);
  }
  sim.write(write, old);
  sim.run_until(sim.now() + hop);
  if (!sim.is_up(rival)) return;
  sim.campaign(rival);
  sim.run_until(sim.now() + hop);
  sim.cut(rival, follower);
  sim.write(write + "r", rival);
  sim.run_until(sim.now() + hop);
  sim.connect(old);
  if (sim.is_up(old)) sim.campaign(old);
}

// One random fault or client action, drawn with fixed weights.
void random_action(Simulator& sim, raft::Prng& random, Workload& work) {
  const auto nodes = static_cast<NodeId>(sim.size());
  auto any_node = [&] { return static_cast<NodeId>(1 + random.below(nodes)); };
  const std::uint64_t roll = random.below(100);
  auto next_write = [&] {
    ++work.writes;
    return "k" + std::to_string(random.below(10)) + "=" + std::to_string(work.writes);
  };
  if (roll < 25) {
    // A write, or a burst of writes back to back (many entries in flight at once).
    const NodeId via = random.chance(1, 4) ? any_node() : 0;
    const std::uint64_t burst = random.chance(1, 3) ? 1 + random.below(static_cast<std::uint64_t>(work.burst_max)) : 1;
    for (std::uint64_t i = 0; i < burst; ++i) sim.write(next_write(), via);
    return;
  }
  ++work.faults;
  if (roll < 33) {
    // The Figure 8 pattern: a leader takes a write and crashes before it is replicated
    // everywhere, leaving an entry of its term on a minority.
    if (const auto leader = sim.leader()) {
      sim.write(next_write(), *leader);
      sim.run_until(sim.now() + random.between(0, 2 * sim.network().latency_max));
      if (sim.is_up(*leader)) sim.crash(*leader);
    }
  } else if (roll < 41) {
    const NodeId node = any_node();
    if (sim.is_up(node)) sim.crash(node);
  } else if (roll < 56) {
    const NodeId node = any_node();
    if (!sim.is_up(node)) sim.restart(node);
  } else if (roll < 63) {
    std::vector<std::vector<NodeId>> groups(2);
    for (NodeId node = 1; node <= nodes; ++node) groups[random.below(2)].push_back(node);
    sim.partition(groups);
  } else if (roll < 67) {
    sim.isolate(any_node());
  } else if (roll < 71) {
    const NodeId from = any_node();
    const NodeId to = any_node();
    if (from != to) sim.cut(from, to);
  } else if (roll < 81) {
    sim.heal();
  } else if (roll < 88) {
    sim.set_loss(static_cast<std::uint32_t>(random.below(300'001)));
  } else if (roll < 92) {
    sim.set_duplication(static_cast<std::uint32_t>(random.below(100'001)));
  } else if (roll < 94) {
    reelection_with_reply_in_flight(sim, random, work, next_write());
  } else if (roll < 96) {
    const NodeId from = any_node();
    const NodeId to = any_node();
    if (from != to) {
      sim.set_link_latency(from, to, kSlowLinkMin, kSlowLinkMax);
      work.slow_links.insert({from, to});
    }
  } else if (roll < 98) {
    const NodeId node = any_node();
    if (sim.is_up(node) && work.forced_campaigns) sim.campaign(node);
  } else {
    // Leadership transfer (dissertation 3.10) to any node: a follower, the leader itself
    // or a crashed node (refused), or one that cannot take over before the leader gives up.
    sim.transfer(any_node());
  }
}

// One membership change (dissertation 4.2), asked of the leader: a node outside the
// configuration is added, a learner promoted (or, one time in four, removed), a voter
// removed. The leader may refuse (a change pending, nothing of its term committed, a
// learner behind): that is part of what is checked.
// The pattern behind stale reads (6.4; Jepsen's etcd and Consul reports of 2014): the
// leader is cut off, the others elect a leader of their own and commit a write, and then
// a read asks the old leader, which may still believe it leads.
void read_from_deposed_leader(Simulator& sim, raft::Prng& random) {
  const auto leader = sim.leader();
  if (!leader) return;
  const NodeId old = *leader;
  const std::string key = "k" + std::to_string(random.below(10));
  sim.isolate(old);
  // As soon as the others have a leader: the old one's lease must have ended by then.
  const Time give_up = sim.now() + 2 * sim.config().election_timeout_max;
  while (sim.now() < give_up && !sim.stopped() && sim.leader() == std::nullopt)
    sim.run_until(sim.now() + 2 * kMillisecond);
  const auto rival = sim.leader();
  if (!rival || sim.stopped()) return;
  const std::uint64_t write = sim.write(key + "=" + std::to_string(sim.now()), *rival);
  while (sim.now() < give_up + kSecond && !sim.stopped() && sim.history()[write - 1].outcome == Outcome::Pending)
    sim.run_until(sim.now() + kMillisecond);
  if (!sim.stopped()) sim.read(key, old);
}

// A read of one of the writes' keys, through the client's leader or pinned to any node
// (a deposed leader among them: the read that must not be served stale).
void random_read(Simulator& sim, raft::Prng& random, const ChaosMix& mix) {
  const NodeId via = random.chance(1, 2) ? 0 : static_cast<NodeId>(1 + random.below(static_cast<std::uint64_t>(mix.nodes)));
  sim.read("k" + std::to_string(random.below(10)), via);
}

// Each node's clock runs fast or slow within the bound the lease assumes (6.4.1).
void set_drifts(Simulator& sim, raft::Prng& random, const ChaosMix& mix) {
  if (mix.max_drift_ppm == 0) return;
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
    const auto ppm = static_cast<std::int32_t>(random.below(2ull * mix.max_drift_ppm + 1)) - static_cast<std::int32_t>(mix.max_drift_ppm);
    sim.set_drift(node, ppm);
  }
}

void random_membership_change(Simulator& sim, raft::Prng& random) {
  const auto node = static_cast<NodeId>(1 + random.below(static_cast<std::uint64_t>(sim.size())));
  const raft::Configuration configuration = sim.configuration();
  raft::ChangeKind kind = raft::ChangeKind::AddLearner;
  if (configuration.is_learner(node)) kind = random.chance(1, 4) ? raft::ChangeKind::Remove : raft::ChangeKind::Promote;
  if (configuration.is_voter(node)) kind = raft::ChangeKind::Remove;
  sim.change_membership({kind, node});
}

// ---- The liveness phase -----------------------------------------------------------------

// Who holds leadership, since when, and what it committed meanwhile.
struct Tenure {
  NodeId leader = 0;
  Term term = 0;
  Time since = 0;
  int committed = 0;
};

// Runs the healed cluster until one leader has held its term for the stable span and
// committed kLivenessWrites writes; the failure, if it does not by `limit`.
std::optional<std::pair<std::string, std::string>> settle(Simulator& sim, std::uint64_t seed, Time limit,
                                                          const std::function<void()>& flush) {
  const Time timeout = sim.config().election_timeout_max;
  const Time stable_span = kStableTimeouts * timeout;
  Tenure tenure;
  int leader_changes = 0;
  std::uint64_t probe = 0;  // the write in flight, 0 if none
  std::uint64_t probes = 0;
  while (sim.now() < limit && !sim.stopped()) {
    const std::optional<NodeId> leader = sim.leader();
    const Term term = leader ? sim.node(*leader).current_term() : 0;
    if (!leader) {
      tenure = Tenure{};
    } else if (*leader != tenure.leader || term != tenure.term) {
      tenure = Tenure{*leader, term, sim.now(), 0};
      ++leader_changes;
    }
    if (tenure.leader != 0 && (probe == 0 || sim.history()[probe - 1].outcome != Outcome::Pending)) {
      const ClientOperation* done = probe == 0 ? nullptr : &sim.history()[probe - 1];
      if (done && done->outcome == Outcome::Acknowledged && done->term == tenure.term) ++tenure.committed;
      probe = 0;
      if (tenure.committed >= kLivenessWrites && sim.now() - tenure.since >= stable_span) return std::nullopt;
      // A probe that failed (a deposed leader's) is written again, as a client would.
      if (tenure.committed < kLivenessWrites) probe = sim.write("liveness=" + std::to_string(seed) + "." + std::to_string(++probes));
    }
    sim.run_until(sim.now() + 10 * kMillisecond);
    flush();
  }
  if (sim.stopped()) return std::nullopt;
  const std::string bound = "within " + std::to_string(kLivenessTimeouts) + " election timeouts of healing";
  if (leader_changes == 0) return std::pair{std::string("Liveness: no leader"), "liveness: no leader was elected " + bound};
  if (leader_changes > 1 || tenure.leader == 0) {
    return std::pair{std::string("Liveness: leader churn"),
                     "liveness: no leader kept its term for " + format_duration(stable_span) + " (" +
                         std::to_string(kStableTimeouts) + " election timeouts) " + bound + " (" +
                         std::to_string(leader_changes) + " leaders came and went)"};
  }
  return std::pair{std::string("Liveness: no commits"),
                   "liveness: leader n" + std::to_string(tenure.leader) + " of term " + std::to_string(tenure.term) +
                       " committed " + std::to_string(tenure.committed) + " of " + std::to_string(kLivenessWrites) +
                       " writes " + bound};
}

}  // namespace

ChaosMix chaos_mix(std::uint64_t seed, const ChaosOptions& options) {
  raft::Prng random(raft::derive_seed(seed, 0x313C));
  // Every draw is made whether or not an option fixes it, so that fixing one leaves the
  // others as they were for the seed.
  ChaosMix mix;
  mix.nodes = pick(random, kSizes);
  const LatencyRange latency = pick(random, kLatencies);
  mix.latency_min = latency.low;
  mix.latency_max = latency.high;
  mix.entries_per_message = pick(random, kEntriesPerMessage);
  mix.burst_max = pick(random, kBurstMax);
  // Drawn after the others, so that each seed keeps the cluster it ran on before.
  mix.noop = random.chance(2, 3);
  mix.pre_vote = random.chance(2, 3);
  mix.check_quorum = random.chance(2, 3);
  if (options.switches.noop) mix.noop = *options.switches.noop;
  if (options.switches.pre_vote) mix.pre_vote = *options.switches.pre_vote;
  if (options.switches.check_quorum) mix.check_quorum = *options.switches.check_quorum;
  if (options.nodes != 0) mix.nodes = options.nodes;
  if (options.latency_min >= 0) mix.latency_min = options.latency_min;
  if (options.latency_max >= 0) mix.latency_max = options.latency_max;
  if (options.entries_per_message != 0) mix.entries_per_message = options.entries_per_message;
  if (options.burst_max != 0) mix.burst_max = options.burst_max;
  // Log compaction from a stream of its own, so the draws above stay what they were.
  raft::Prng compaction(raft::derive_seed(seed, 0x5A95));
  mix.snapshot_every = pick(compaction, kSnapshotEvery);
  if (options.snapshot_every >= 0) mix.snapshot_every = static_cast<std::uint64_t>(options.snapshot_every);
  // One bound given: the drawn other one yields to it.
  if (mix.latency_max < mix.latency_min) {
    if (options.latency_max >= 0) mix.latency_min = mix.latency_max;
    else mix.latency_max = mix.latency_min;
  }
  raft::Prng membership(raft::derive_seed(seed, kMembershipStream));
  mix.membership = membership.chance(1, 2);
  if (mix.membership) mix.spares = 1 + static_cast<int>(membership.below(2));
  raft::Prng reads(raft::derive_seed(seed, kReadStream));
  mix.reads = pick(reads, kReadWays);
  mix.max_drift_ppm = pick(reads, kDriftBounds);
  if (options.switches.reads) mix.reads = *options.switches.reads;
  return mix;
}

std::string describe_mix(const ChaosMix& mix) {
  return std::to_string(mix.nodes) + " nodes, latency " + format_duration(mix.latency_min) + "-" +
         format_duration(mix.latency_max) + ", " + std::to_string(mix.entries_per_message) + " entries/message, bursts of up to " +
         std::to_string(mix.burst_max) + ", noop " + (mix.noop ? "on" : "off") + ", prevote " + (mix.pre_vote ? "on" : "off") +
         ", check-quorum " + (mix.check_quorum ? "on" : "off") +
         (mix.snapshot_every == 0 ? std::string() : ", snapshot every " + std::to_string(mix.snapshot_every)) +
         (mix.membership ? ", membership changes with " + std::to_string(mix.spares) + " spare" + (mix.spares > 1 ? "s" : "")
                         : std::string()) +
         ", reads by " + read_way_name(mix.reads) + ", drift within " + std::to_string(mix.max_drift_ppm) + " ppm";
}

std::string chaos_reproduce_command(std::uint64_t seed, const ChaosOptions& options) {
  std::string command = "raftsim chaos --seed " + std::to_string(seed);
  if (options.nodes != 0) command += " --nodes " + std::to_string(options.nodes);
  if (options.latency_min >= 0) command += " --latency-min " + std::to_string(options.latency_min / kMillisecond);
  if (options.latency_max >= 0) command += " --latency-max " + std::to_string(options.latency_max / kMillisecond);
  if (options.entries_per_message != 0) command += " --entries-per-message " + std::to_string(options.entries_per_message);
  if (options.burst_max != 0) command += " --burst " + std::to_string(options.burst_max);
  if (options.snapshot_every >= 0) command += " --snapshot-every " + std::to_string(options.snapshot_every);
  for (const raft::BugInfo& info : raft::kBugs) {
    if (options.bugs.has(info.bug)) command += " --bug " + std::string(info.name);
  }
  return command + options.switches.flags();
}

ClusterConfig chaos_cluster(std::uint64_t seed, const ChaosOptions& options) {
  const ChaosMix mix = chaos_mix(seed, options);
  ClusterConfig config;
  config.nodes = mix.nodes + mix.spares;
  config.spares = mix.spares;
  config.seed = seed;
  config.network.latency_min = mix.latency_min;
  config.network.latency_max = mix.latency_max;
  config.max_entries_per_message = mix.entries_per_message;
  config.snapshot_every = mix.snapshot_every;
  config.snapshot_chunk_bytes = kSnapshotChunkBytes;  // small: a snapshot takes several chunks
  config.bugs = options.bugs;
  config.noop = mix.noop;
  config.pre_vote = mix.pre_vote;
  config.check_quorum = mix.check_quorum;
  config.reads = mix.reads;
  config.max_drift_ppm = mix.max_drift_ppm;
  return config;
}

ChaosResult run_chaos(std::uint64_t seed, const ChaosOptions& options) {
  ChaosResult result;
  result.mix = chaos_mix(seed, options);
  Simulator sim(chaos_cluster(seed, options));
  const NetworkSettings calm = NetworkSettings{};  // the liveness phase's network
  if (options.on_records) sim.set_recording(true);
  // Several clients, each with its session (dissertation 6.3), take the writes in turn.
  sim.set_clients(kChaosClients);
  auto flush = [&] {
    if (options.on_records) options.on_records(sim.take_records());
  };
  raft::Prng random(raft::derive_seed(seed, 0xC4A05));
  const std::string reproduce = " (seed " + std::to_string(seed) + ": " + describe_mix(result.mix) +
                                "; reproduce with: " + chaos_reproduce_command(seed, options) + ")";
  auto failed = [&](const std::string& check, const std::string& what) {
    flush();
    result.passed = false;
    result.check = check;
    result.failure = what + reproduce + "\n" + describe_cluster(sim);
    result.events = sim.stats().events;
    result.ended_at = sim.now();
    return result;
  };
  auto violated = [&]() {
    result.violated = !sim.violation()->liveness;
    return failed(sim.violation()->invariant, format_violation(*sim.violation()));
  };

  // Safety phase: faults on, invariants checked after every event.
  raft::Prng snapshots(raft::derive_seed(seed, 0x5A96));
  Workload work;
  work.burst_max = result.mix.burst_max;
  work.forced_campaigns = result.mix.reads != ReadWay::Lease;
  raft::Prng changes(raft::derive_seed(seed, kMembershipStream + 1));
  raft::Prng reads(raft::derive_seed(seed, kReadStream + 1));
  set_drifts(sim, reads, result.mix);
  while (sim.now() < options.safety_phase && !sim.stopped()) {
    sim.run_until(sim.now() + random.between(5 * kMillisecond, 200 * kMillisecond));
    if (!sim.stopped()) random_action(sim, random, work);
    // `snapshot NODE` now and then, from a stream of its own (the mix above unchanged).
    if (!sim.stopped() && snapshots.chance(1, 10)) {
      const auto node = static_cast<NodeId>(1 + snapshots.below(static_cast<std::uint64_t>(sim.size())));
      if (sim.is_up(node)) sim.snapshot(node);
    }
    if (!sim.stopped() && result.mix.membership && changes.chance(1, 8)) random_membership_change(sim, changes);
    if (!sim.stopped() && reads.chance(1, 3)) random_read(sim, reads, result.mix);
    if (!sim.stopped() && reads.chance(1, 40)) read_from_deposed_leader(sim, reads);
    flush();
  }
  result.faults = work.faults;
  if (sim.stopped()) return violated();

  // Liveness phase: faults off, the network calm; one leader must settle and commit.
  sim.heal();
  sim.set_loss(0);
  sim.set_duplication(0);
  sim.set_latency(calm.latency_min, calm.latency_max);
  for (const auto& [from, to] : work.slow_links) sim.set_link_latency(from, to, calm.latency_min, calm.latency_max);
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
    if (!sim.is_up(node)) sim.restart(node);
  }
  const Time healed_at = sim.now();
  const Time bound = options.liveness_bound != 0 ? options.liveness_bound
                                                 : kLivenessTimeouts * sim.config().election_timeout_max;
  const auto stuck = settle(sim, seed, healed_at + bound, flush);
  if (sim.stopped()) return violated();
  if (stuck) return failed(stuck->first, stuck->second);
  result.liveness_time = sim.now() - healed_at;

  // Every acknowledged write is committed where the client was told it is. The node
  // that committed most holds every earlier committed entry (Leader Completeness).
  NodeId most_committed = 1;
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
    if (sim.is_up(node) && sim.node(node).commit_index() > sim.node(most_committed).commit_index()) most_committed = node;
  }
  const raft::Node& leader = sim.node(most_committed);
  for (const ClientOperation& operation : sim.history()) {
    // Reads are the linearizability checker's (below): a ReadIndex read's index is no entry of its own.
    if (operation.outcome != Outcome::Acknowledged || operation.read) continue;
    ++result.writes_acknowledged;
    // An entry compacted into a snapshot was checked when the snapshot was taken (the
    // checker's State Machine Safety) and when it was acknowledged.
    if (operation.index <= leader.log().snapshot_index() && operation.index <= leader.commit_index()) continue;
    if (operation.index > leader.commit_index() || leader.log().at(operation.index).command != operation.command) {
      result.violated = true;
      return failed("Acknowledged Writes Durable",
                    "acknowledged write " + operation.command + " (index " + std::to_string(operation.index) +
                        ", term " + std::to_string(operation.term) + ") is missing from the committed log (it holds " +
                        (operation.index > leader.log().last_index()
                             ? std::string("nothing")
                             : leader.log().at(operation.index).command + " of term " +
                                   std::to_string(leader.log().at(operation.index).term)) +
                        " there)");
    }
  }
  // The client's history, judged: a history no order explains is a safety violation.
  const lincheck::RunVerdict verdict = lincheck::check_run(sim.history());
  if (verdict.result.verdict != lincheck::Verdict::Linearizable) {
    result.violated = verdict.result.verdict == lincheck::Verdict::NotLinearizable;
    std::string report = verdict.report;
    report.pop_back();  // its last newline: the reproduce line follows
    return failed(result.violated ? "Linearizability" : "Linearizability undecided",
                  "the client's history is " + std::string(result.violated ? "not linearizable" : "undecided") + ":\n" + report);
  }
  result.passed = true;
  result.events = sim.stats().events;
  result.duplicates_skipped = sim.stats().duplicates_skipped;
  result.ended_at = sim.now();
  flush();
  return result;
}

}  // namespace sim

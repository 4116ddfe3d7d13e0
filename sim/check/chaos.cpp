// `raftsim chaos`: the mix a seed draws, the safety phase (its actions: sim/check/chaos_actions.cpp,
// its patterns: sim/check/chaos_patterns.cpp), the liveness phase, and the checks at the end.
#include "sim/check/chaos.h"

#include "sim/check/chaos_actions.h"
#include "sim/lincheck/verdict.h"
#include "sim/scenario/scenario.h"

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
  work.mix = result.mix;
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

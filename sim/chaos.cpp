#include "sim/chaos.h"

#include "sim/scenario.h"

namespace sim {

namespace {

// One random fault or client action, drawn with fixed weights.
void random_action(Simulator& sim, raft::Prng& random, std::uint64_t& writes, std::uint64_t& faults) {
  const auto nodes = static_cast<NodeId>(sim.size());
  auto any_node = [&] { return static_cast<NodeId>(1 + random.below(nodes)); };
  const std::uint64_t roll = random.below(100);
  auto next_write = [&] {
    ++writes;
    return "k" + std::to_string(random.below(10)) + "=" + std::to_string(writes);
  };
  if (roll < 25) {
    sim.write(next_write(), random.chance(1, 4) ? any_node() : 0);
    return;
  }
  ++faults;
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
  } else {
    const NodeId node = any_node();
    if (sim.is_up(node)) sim.campaign(node);
  }
}

}  // namespace

ChaosResult run_chaos(std::uint64_t seed, const ChaosOptions& options) {
  ClusterConfig config;
  config.nodes = options.nodes;
  config.seed = seed;
  Simulator sim(config);
  raft::Prng random(raft::derive_seed(seed, 0xC4A05));
  ChaosResult result;
  const std::string reproduce = " (seed " + std::to_string(seed) + "; reproduce with: raftsim chaos --seed " +
                                std::to_string(seed) + " --nodes " + std::to_string(options.nodes) + ")";
  auto failed = [&](const std::string& what) {
    result.passed = false;
    result.failure = what + reproduce + "\n" + describe_cluster(sim);
    result.events = sim.stats().events;
    return result;
  };
  auto violated = [&]() {
    result.violated = true;
    return failed(format_violation(*sim.violation()));
  };

  // Safety phase: faults on, invariants checked after every event.
  std::uint64_t writes = 0;
  while (sim.now() < options.safety_phase && !sim.stopped()) {
    sim.run_until(sim.now() + random.between(5 * raft::kMillisecond, 200 * raft::kMillisecond));
    if (!sim.stopped()) random_action(sim, random, writes, result.faults);
  }
  if (sim.stopped()) return violated();

  // Liveness phase: faults off; a leader must emerge and commit a new write in time.
  sim.heal();
  sim.set_loss(0);
  sim.set_duplication(0);
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
    if (!sim.is_up(node)) sim.restart(node);
  }
  const Time healed_at = sim.now();
  const Time limit = healed_at + options.liveness_bound;
  while (!sim.leader() && sim.now() < limit && !sim.stopped()) sim.run_until(sim.now() + 10 * raft::kMillisecond);
  if (sim.stopped()) return violated();
  if (!sim.leader()) return failed("liveness: no leader within " + format_duration(options.liveness_bound) + " after healing");
  // A probe that definitely failed (deposed leader) is written again, as a client would.
  std::uint64_t probe = sim.write("liveness=" + std::to_string(seed));
  while (sim.history()[probe - 1].outcome != Outcome::Acknowledged && sim.now() < limit && !sim.stopped()) {
    if (sim.history()[probe - 1].outcome != Outcome::Pending) probe = sim.write("liveness=" + std::to_string(seed));
    sim.run_until(sim.now() + 10 * raft::kMillisecond);
  }
  if (sim.stopped()) return violated();
  if (sim.history()[probe - 1].outcome != Outcome::Acknowledged) {
    return failed("liveness: a new write was not committed within " + format_duration(options.liveness_bound) +
                  " after healing (outcome: " + outcome_name(sim.history()[probe - 1].outcome) + ")");
  }
  result.liveness_time = sim.now() - healed_at;

  // Every acknowledged write is committed where the client was told it is. The node
  // that committed the probe holds every earlier committed entry (Leader Completeness).
  NodeId most_committed = 1;
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
    if (sim.is_up(node) && sim.node(node).commit_index() > sim.node(most_committed).commit_index()) most_committed = node;
  }
  const raft::Node& leader = sim.node(most_committed);
  for (const ClientOperation& operation : sim.history()) {
    if (operation.outcome != Outcome::Acknowledged) continue;
    ++result.writes_acknowledged;
    if (operation.index > leader.commit_index() || leader.log().at(operation.index).command != operation.command) {
      return failed("acknowledged write " + operation.command + " (index " + std::to_string(operation.index) +
                    ", term " + std::to_string(operation.term) + ") is missing from the committed log (it holds " +
                    (operation.index > leader.log().last_index()
                         ? std::string("nothing")
                         : leader.log().at(operation.index).command + " of term " +
                               std::to_string(leader.log().at(operation.index).term)) +
                    " there)");
    }
  }
  result.passed = true;
  result.events = sim.stats().events;
  return result;
}

}  // namespace sim

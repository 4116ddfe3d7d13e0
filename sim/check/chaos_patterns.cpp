// The chaos patterns: known counterexamples set up step by step with the cluster as it is,
// for the mistakes that random faults alone reach too rarely. Each forces elections where
// the counterexample needs a given node to win now (Simulator::campaign, as a transfer
// forces one), and only where no leader's lease can be broken by it.

#include <algorithm>
#include <optional>
#include <vector>

#include "sim/check/chaos_actions.h"

namespace sim {

namespace {

using raft::kMillisecond;
using raft::kSecond;

// A message and its reply, with room to spare.
Time round_trip(const Simulator& sim) { return 2 * sim.network().latency_max + 10 * kMillisecond; }

// Steps until `node` leads, or `until` passes: false if it does not lead by then.
bool step_until_leader(Simulator& sim, NodeId node, Time until) {
  while (!sim.stopped() && sim.now() < until && sim.is_up(node) && sim.node(node).role() != raft::Role::Leader) {
    if (!sim.step()) break;
  }
  return !sim.stopped() && sim.is_up(node) && sim.node(node).role() == raft::Role::Leader;
}

}  // namespace

// The pattern behind stale replies (5.3): a leader is deposed and elected again while a
// follower's reply to it is still in flight, and meanwhile the entry that reply
// acknowledged was replaced in the leader's log. Its write reaches one follower only
// (its links to the others cut one way), whose reply to it is slow; a rival is elected
// without that entry and replaces it in the old leader's log, but not the follower's
// (the rival's link to it cut); then the old leader is elected again. A leader that counts
// the slow reply in its new term believes the follower holds an entry it does not.
// Needs five nodes or more (the rival wins without the old leader and the follower).
void reelection_with_reply_in_flight(Simulator& sim, raft::Prng& random, Workload& work) {
  const std::string write = work.next_write(random);
  const auto leader = sim.leader();
  const auto nodes = static_cast<NodeId>(sim.size());
  if (!leader || nodes < 5) return;
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
  const Time hop = round_trip(sim);
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

namespace {

// A leader that may change the configuration: the only node that believes it leads, with
// an entry of its term committed and no change pending (4.1, 4.2). Heals the network and
// restarts the crashed voters, then waits for one, up to three election timeouts.
std::optional<NodeId> settled_leader(Simulator& sim) {
  sim.heal();
  for (NodeId voter : sim.configuration().voters) {
    if (!sim.is_up(voter)) sim.restart(voter);
  }
  const Time give_up = sim.now() + 3 * sim.config().election_timeout_max;
  while (!sim.stopped() && sim.now() < give_up) {
    const auto leader = sim.leader();
    if (leader && sim.leaders().size() == 1) {
      const raft::Node& node = sim.node(*leader);
      const Index committed = node.commit_index();
      if (committed > 0 && node.log().term_at(committed) == node.current_term() && node.configuration_index() <= committed)
        return leader;
    }
    sim.run_until(sim.now() + 5 * kMillisecond);
  }
  return std::nullopt;
}

// Asks the settled leader for `change` and waits, up to three election timeouts, until a
// settled leader stands again (the change committed). False if it did not happen.
bool change_and_settle(Simulator& sim, raft::ConfigurationChange change) {
  const auto result = sim.change_membership(change);
  return result && result->accepted && settled_leader(sim).has_value();
}

// An even number of voters, four or more, for the membership race: from an odd number, a
// voter other than the leader is removed (five or more) or a learner or spare promoted (three).
bool make_voters_even(Simulator& sim, NodeId leader, raft::Prng& random) {
  const raft::Configuration configuration = sim.node(leader).configuration();
  const std::size_t voters = configuration.voters.size();
  if (voters % 2 == 0) return voters >= 4;
  if (voters >= 5) {
    NodeId removed = leader;
    while (removed == leader) removed = configuration.voters[random.below(voters)];
    return change_and_settle(sim, {raft::ChangeKind::Remove, removed});
  }
  if (voters != 3) return false;
  NodeId spare = configuration.learners.empty() ? 0 : configuration.learners.front();
  for (NodeId node = 1; spare == 0 && node <= static_cast<NodeId>(sim.size()); ++node) {
    if (!configuration.contains(node)) spare = node;
  }
  if (spare == 0 || (!configuration.is_learner(spare) && !change_and_settle(sim, {raft::ChangeKind::AddLearner, spare})))
    return false;
  // The learner catches up with the leader's commit index before it may vote (4.2.1).
  sim.run_until(sim.now() + sim.config().election_timeout_max);
  return change_and_settle(sim, {raft::ChangeKind::Promote, spare});
}

}  // namespace

// Ongaro's counterexample of 2015 (raft-dev, "bug in single-server membership changes";
// the rule of dissertation 4.1 that fixes it): from an even number of voters V, a change
// that removes one voter and another that removes a different one, begun by two leaders,
// have majorities that need not meet. The leader, cut off, begins the first change, which
// reaches no one, and crashes. A new leader is elected without it, is cut off from half of
// the voters at once (before its first message reaches them), and asks for the second
// change: the half it still reaches is a majority of the second configuration, which can
// commit. The first leader comes back and is elected by the other half, a majority of the
// first configuration, without the committed change. The rule refuses the second change:
// the new leader has committed nothing of its term, and the half it reaches is no majority
// of V, so it never will. First the cluster is settled (healed, its voters up, one leader)
// and its voters made even (four or more) by a change; then no lease is broken by the
// forced elections: the only lease, the first leader's, ends with its crash, and the new
// leader has none without the bug.
void membership_race(Simulator& sim, raft::Prng& random, Workload&) {
  auto leader = settled_leader(sim);
  if (!leader || !make_voters_even(sim, *leader, random) || !(leader = settled_leader(sim))) return;
  const NodeId old = *leader;
  std::vector<NodeId> others;
  for (NodeId voter : sim.node(old).configuration().voters) {
    if (voter != old) others.push_back(voter);
  }
  for (std::size_t i = others.size() - 1; i > 0; --i) std::swap(others[i], others[random.below(i + 1)]);
  // The new leader's half (it will commit the second change), and the old leader's (the rest).
  const std::size_t half = (others.size() + 1) / 2;
  const std::vector<NodeId> new_half(others.begin(), others.begin() + static_cast<std::ptrdiff_t>(half));
  std::vector<NodeId> old_half(others.begin() + static_cast<std::ptrdiff_t>(half), others.end());
  old_half.push_back(old);
  const NodeId successor = new_half[0];
  const NodeId removed_first = new_half[1];
  const NodeId removed_second = old_half[random.below(old_half.size())];
  const Time hop = round_trip(sim);

  sim.isolate(old);
  const auto first = sim.change_membership({raft::ChangeKind::Remove, removed_first});
  if (!first || !first->accepted) {
    sim.connect(old);
    return;
  }
  sim.crash(old);
  sim.campaign(successor);
  if (!step_until_leader(sim, successor, sim.now() + 2 * hop)) return;
  for (NodeId node : old_half) sim.cut(successor, node);  // its first AppendEntries is still in flight
  sim.change_membership({raft::ChangeKind::Remove, removed_second});
  sim.run_until(sim.now() + hop);
  // The old leader returns. Its half voted in the new leader's term: a first campaign
  // brings its term up to theirs, a second wins the term after, by its configuration.
  sim.restart(old);
  sim.connect(old);
  for (int attempt = 0; attempt < 2 && !sim.stopped() && sim.node(old).role() != raft::Role::Leader; ++attempt) {
    sim.campaign(old);
    sim.run_until(sim.now() + hop);
  }
}

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

// The pattern behind a vote given right after a restart (6.4.1 with 4.2.3; etcd-io/raft
// forgets when it last heard from its leader): a follower cut from the leader stops
// hearing it and campaigns, in vain while the others heard the leader lately. The leader
// is cut off, and every other follower reboots at once (crashes and restarts), a majority
// with the campaigner. The campaigner's timer runs out: a rebooted follower that votes at
// once elects it while the cut-off leader still serves reads on a lease those followers
// gave it; a write is committed by the new leader, and a read asks the old one. With the
// rule a rebooted server ignores the votes for the shortest election timeout, and the old
// leader's lease has ended by the time one is given. Nothing is forced, so no lease is
// broken by the pattern itself.
void read_after_reboots(Simulator& sim, raft::Prng& random) {
  const auto leader = sim.leader();
  if (!leader) return;
  const NodeId old = *leader;
  std::vector<NodeId> followers;
  for (NodeId voter : sim.node(old).configuration().voters) {
    if (voter != old) followers.push_back(voter);
  }
  if (followers.size() < 2) return;
  const NodeId campaigner = followers[random.below(followers.size())];
  if (!sim.is_up(campaigner)) return;
  // The campaigner stops hearing the leader, until it is out of check-quorum's lease.
  sim.cut(old, campaigner);
  sim.run_until(sim.now() + sim.config().election_timeout_min + random.between(0, sim.config().election_timeout_min));
  if (sim.stopped() || sim.leader() != old) return;
  const std::string key = "k" + std::to_string(random.below(10));
  sim.isolate(old);
  for (NodeId follower : followers) {
    if (follower == campaigner) continue;
    if (sim.is_up(follower)) sim.crash(follower);
    sim.restart(follower);
  }
  sim.time_out(campaigner);
  if (!step_until_leader(sim, campaigner, sim.now() + sim.config().election_timeout_max)) return;
  const std::uint64_t write = sim.write(key + "=" + std::to_string(sim.now()), campaigner);
  const Time give_up = sim.now() + sim.config().election_timeout_max;
  while (sim.now() < give_up && !sim.stopped() && sim.history()[write - 1].outcome == Outcome::Pending)
    sim.run_until(sim.now() + kMillisecond);
  if (!sim.stopped()) sim.read(key, old);
}

}  // namespace sim

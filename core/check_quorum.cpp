// Check-quorum and the leader lease (dissertation 6.2 and 9.6; etcd-io/raft's checkQuorum).
// A leader that has not heard from a majority within an election timeout steps down, so
// a leader cut off in a minority stops claiming to lead (and stops taking writes it can
// never commit). In exchange, a server that heard from a leader within the shortest
// election timeout ignores votes for a later term: that leader may well be alive, and a
// server that merely lost touch with it (or kept campaigning alone) must not depose it.
// With pre-vote, this lease is what keeps a rejoining server from winning a pre-vote
// against a healthy leader whose followers would otherwise grant it.
// With lease reads (6.4.1) this lease must outlive a restart. A leader's read lease counts
// on every follower that answered its heartbeats withholding its vote for the shortest
// election timeout; but when a server last heard from its leader is volatile: one that
// crashed and voted at once on its return could help elect a new leader while the old
// one still serves reads. So a server that starts (or restarts) acts as if it had just
// heard from a leader. Without lease reads a restart holds nothing back: the lease then
// only spares a leader needless elections (4.2.3), and runs without lease reads stay as
// they were (docs/architecture.md).

#include "core/node.h"

#include <algorithm>

namespace raft {

bool Node::in_lease(Time now) const {
  if (!config_.check_quorum) return false;
  if (role_ == Role::Leader) return true;  // a leader knows it leads; check_quorum() ends that
  return heard_leader_lately(now) || started_lately(now);
}

bool Node::heard_leader_lately(Time now) const {
  return leader_ != kNobody && now - leader_heard_at_ < config_.election_timeout_min;
}

// Within the shortest election timeout of starting, with lease reads: a leader it may have
// answered just before it stopped may still serve reads on that answer (4.2.3's rule,
// with the worst assumed).
bool Node::started_lately(Time now) const {
  if (!config_.lease_reads) return false;
  if (config_.has_bug(Bug::VoteRightAfterRestart)) return false;  // BUG: a restart forgets the lease
  return now - started_at_ < config_.election_timeout_min;
}

// A vote (or pre-vote) for a later term, from a server we do not follow, within the
// lease: no term change, no reply (as etcd-io/raft does; the candidate times out). A
// forced election (a server told to campaign) is let through.
bool Node::ignored_in_lease(Time now, const Message& message) {
  const auto* request = std::get_if<RequestVote>(&message.payload);
  if (request == nullptr || request->forced || request->term <= current_term() || !in_lease(now)) return false;
  Reason reason{.cause = Cause::VoteIgnoredInLease, .role = role_, .rpc = rpc_of(message), .peer = message.from,
                .other = leader_, .term = current_term(), .their_term = request->term};
  if (role_ == Role::Leader) {
    reason.count = 0;
  } else if (heard_leader_lately(now)) {
    reason.count = static_cast<std::uint64_t>(now - leader_heard_at_);
  } else {
    reason.cause = Cause::VoteIgnoredAfterStart;
    reason.count = static_cast<std::uint64_t>(now - started_at_);
  }
  decide(reason);
  return true;
}

// A leader counts who answered in its term since the last check.
void Node::heard_from(const Message& message) {
  if (role_ == Role::Leader && term_of(message) == current_term() && message.from < heard_.size()) {
    heard_[message.from] = true;
  }
}

// Every election timeout (the shortest), the leader counts whom it heard from, itself
// included; short of a majority it steps down and waits, as a follower, for a leader.
void Node::check_quorum(Time now) {
  heard_[config_.id] = true;
  std::vector<NodeId> heard;
  for (NodeId member : configuration_.voters) {
    if (heard_[member] && member != config_.id) heard.push_back(member);
  }
  std::sort(heard.begin(), heard.end());
  std::fill(heard_.begin(), heard_.end(), false);
  quorum_check_due_ = now + config_.election_timeout_min;
  if (heard.size() + 1 >= quorum()) return;
  decide(Reason{.cause = Cause::QuorumLost, .role = role_, .term = current_term(), .count = cluster_size()},
         std::move(heard));
  become_follower(now, current_term(), kNobody);
}

}  // namespace raft

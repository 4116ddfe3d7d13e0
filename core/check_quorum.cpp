// Check-quorum and the leader lease (dissertation 6.2 and 9.6; etcd-io/raft's checkQuorum).
// A leader that has not heard from a majority within an election timeout steps down, so
// a leader cut off in a minority stops claiming to lead (and stops taking writes it can
// never commit). In exchange, a server that heard from a leader within the shortest
// election timeout ignores votes for a later term: that leader may well be alive, and a
// server that merely lost touch with it (or kept campaigning alone) must not depose it.
// With pre-vote, this lease is what keeps a rejoining server from winning a pre-vote
// against a healthy leader whose followers would otherwise grant it.

#include "core/node.h"

#include <algorithm>

namespace raft {

bool Node::in_lease(Time now) const {
  if (!config_.check_quorum) return false;
  if (role_ == Role::Leader) return true;  // a leader knows it leads; check_quorum() ends that
  return leader_ != kNobody && now - leader_heard_at_ < config_.election_timeout_min;
}

// A vote (or pre-vote) for a later term, from a server we do not follow, within the
// lease: no term change, no reply (as etcd-io/raft does; the candidate times out). A
// forced election (a server told to campaign) is let through.
bool Node::ignored_in_lease(Time now, const Message& message) {
  const auto* request = std::get_if<RequestVote>(&message.payload);
  if (request == nullptr || request->forced || request->term <= current_term() || !in_lease(now)) return false;
  const Time since = role_ == Role::Leader ? 0 : now - leader_heard_at_;
  decide(Reason{.cause = Cause::VoteIgnoredInLease, .role = role_, .rpc = rpc_of(message), .peer = message.from,
                .other = leader_, .term = current_term(), .their_term = request->term,
                .count = static_cast<std::uint64_t>(since)});
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

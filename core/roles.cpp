// Role changes (Figure 2, "Rules for Servers"; Raft paper 5.1-5.2, dissertation 3.3-3.4):
// becoming a follower, a candidate or the leader, and what each conversion resets.

#include "core/node.h"

#include <algorithm>
#include <cassert>

namespace raft {

// Converting to follower leaves a running election timer alone: Figure 2 restarts it only
// on AppendEntries from the current leader, on granting a vote and on starting an
// election. Restarting it on every higher term would let servers that cannot win keep
// pushing back the timer of the one that can (a liveness bug). A leader runs no
// election timer, so one that steps down starts one.
void Node::become_follower(Time now, Term term, NodeId leader) {
  assert(term >= current_term());
  const Role was = role_;
  if (term > current_term()) set_hard_state(term, kNobody);
  role_ = Role::Follower;
  leader_ = leader;
  if (was == Role::Leader) reset_election_timer(now, Cause::TimerStartedAsFollower);
}

void Node::become_candidate(Time now, Cause why) {
  // Candidates (5.2): increment currentTerm, vote for self, reset the election timer,
  // send RequestVote RPCs to all other servers.
  role_ = Role::Candidate;
  leader_ = kNobody;
  set_hard_state(current_term() + 1, config_.id);
  const Time waited = why == Cause::ElectionTimeout ? election_timeout_ : 0;
  decide(Reason{.cause = why, .term = current_term(), .count = static_cast<std::uint64_t>(waited)});
  reset_election_timer(now, Cause::TimerResetByElection);
  if (!config_.has_bug(Bug::VoteCountNotReset)) std::fill(votes_.begin(), votes_.end(), false);
  votes_[config_.id] = true;
  if (votes_granted() >= quorum() && votes_granted() > 0) {  // (a removed server's own vote does not count)
    become_leader(now);
    return;
  }
  for (NodeId peer : configuration_.voters) {  // voters only: learners neither vote nor count (4.2.1)
    if (peer == config_.id) continue;
    send(peer, RequestVote{current_term(), config_.id, log_.last_index(), log_.last_term()});
  }
}

void Node::become_leader(Time now) {
  assert(role_ == Role::Candidate);
  role_ = Role::Leader;
  leader_ = config_.id;
  std::vector<NodeId> voters;
  for (NodeId member : configuration_.voters) {
    if (votes_[member]) voters.push_back(member);
  }
  std::sort(voters.begin(), voters.end());
  decide(Reason{.cause = Cause::ElectionWon, .term = current_term(), .count = cluster_size()}, std::move(voters));
  // Reinitialized after election: nextIndex to leader last log index + 1, matchIndex to 0.
  for (NodeId peer : configuration_.members()) progress_[peer] = Progress{log_.last_index() + 1, 0};
  progress_[config_.id].match_index = log_.last_index();
  // Upon election: send initial empty AppendEntries (heartbeat) to each server.
  broadcast_append();
  heartbeat_due_ = now + config_.heartbeat_interval;
}

}  // namespace raft

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
  if (was == Role::Leader) end_transfer_on_step_down();
  if (was == Role::Leader) drop_reads();  // dissertation 6.4: only a leader confirms reads
  role_ = Role::Follower;
  leader_ = leader;
  if (was == Role::Leader) reset_election_timer(now, Cause::TimerStartedAsFollower);
}

// The election timer fired, or a teacher said campaign: with pre-vote, ask first.
void Node::start_election(Time now, Cause why) {
  if (config_.pre_vote) {
    become_pre_candidate(now, why);
  } else {
    become_candidate(now, why);
  }
}

// A forced campaign (RequestVote::forced) is one the server was told to run: by a
// teacher, or by the leader's TimeoutNow (`told_by`, dissertation 3.10). It runs no
// pre-vote (its callers skip start_election) and passes check-quorum's lease.
void Node::become_candidate(Time now, Cause why, NodeId told_by) {
  // Candidates (5.2): increment currentTerm, vote for self, reset the election timer,
  // send RequestVote RPCs to all other servers.
  role_ = Role::Candidate;
  leader_ = kNobody;
  set_hard_state(current_term() + 1, config_.id);
  const Time waited = why == Cause::ElectionTimeout ? election_timeout_ : 0;
  // (A won pre-vote was decided, with its voters, where the last grant came in.)
  if (why != Cause::PreVoteWon) decide(Reason{.cause = why, .peer = told_by, .term = current_term(), .count = static_cast<std::uint64_t>(waited)});
  reset_election_timer(now, Cause::TimerResetByElection);
  if (!config_.has_bug(Bug::VoteCountNotReset)) std::fill(votes_.begin(), votes_.end(), false);
  votes_[config_.id] = true;
  if (votes_granted() >= quorum() && votes_granted() > 0) {  // (a removed server's own vote does not count)
    become_leader(now);
    return;
  }
  const bool forced = why == Cause::ToldToCampaign || why == Cause::TimeoutNowReceived;
  for (NodeId peer : configuration_.voters) {  // voters only: learners neither vote nor count (4.2.1)
    if (peer == config_.id) continue;
    send(peer, RequestVote{.term = current_term(), .candidate = config_.id, .last_log_index = log_.last_index(),
                           .last_log_term = log_.last_term(), .forced = forced});
  }
}

void Node::become_leader(Time now) {
  assert(role_ == Role::Candidate);
  role_ = Role::Leader;
  leader_ = config_.id;
  decide(Reason{.cause = Cause::ElectionWon, .term = current_term(), .count = cluster_size()}, voters());
  // Reinitialized after election: nextIndex to leader last log index + 1, matchIndex to 0.
  for (NodeId peer : configuration_.members()) progress_[peer] = Progress{log_.last_index() + 1, 0};
  if (config_.noop) append_noop();
  progress_[config_.id].match_index = log_.last_index();
  // Upon election: send initial empty AppendEntries (heartbeat) to each server; with the
  // no-op, they carry it.
  if (cluster_size() == 1) maybe_commit();
  reset_reads_as_leader();
  begin_read_round(now);
  broadcast_append();
  heartbeat_due_ = now + config_.heartbeat_interval;
  if (config_.check_quorum) {
    std::fill(heard_.begin(), heard_.end(), false);
    quorum_check_due_ = now + config_.election_timeout_min;
  }
}

// A leader commits entries of its own term only (Figure 8), so entries of earlier terms
// wait for the next client write. Section 8 of the paper: "each leader commit a blank
// no-op entry into the log at the start of its term", and they commit with it.
void Node::append_noop() {
  append_to_log(LogEntry{current_term(), {}});
  decide(Reason{.cause = Cause::NoopAppended, .term = current_term(), .ours = {log_.last_index(), current_term()}});
}

// The servers that granted their vote (or pre-vote), in id order.
std::vector<NodeId> Node::voters() const {
  std::vector<NodeId> granted;
  for (NodeId member : configuration_.voters) {
    if (votes_[member]) granted.push_back(member);
  }
  std::sort(granted.begin(), granted.end());
  return granted;
}

}  // namespace raft

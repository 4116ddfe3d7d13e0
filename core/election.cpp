// Leader election (Raft paper 5.2 and 5.4.1; dissertation 3.4 and 3.6.1): the RequestVote
// receiver, counting votes, the majority, and the randomized election timer.

#include "core/node.h"

#include <algorithm>
#include <cassert>

#include "core/quorum.h"

namespace raft {

void Node::handle_request_vote(Time now, NodeId from, const RequestVote& request) {
  Reason reason = judge_vote(request);
  const bool grant = reason.cause == Cause::VoteGranted;
  if (grant) record_vote(request.candidate);
  decide(reason);
  // Granting a vote resets the election timer (Figure 2, Followers); refusing one does not.
  if (grant && !config_.has_bug(Bug::NoTimerResetOnVote)) {
    reset_election_timer(now, Cause::TimerResetByVote, request.candidate);
  }
  send(from, RequestVoteReply{.term = current_term(), .vote_granted = grant, .reason = std::move(reason)});
}

// RequestVote receiver (Figure 2): each rule, in order, with the reason it gives.
Reason Node::judge_vote(const RequestVote& request) const {
  Reason reason{.peer = request.candidate, .term = current_term()};
  // 1. Reply false if term < currentTerm (5.1).
  if (request.term < current_term()) {
    reason.cause = Cause::VoteDeniedStaleTerm;
    reason.their_term = request.term;
    return reason;
  }
  // 2. If votedFor is null or candidateId, and the candidate's log is at least as
  //    up-to-date as the receiver's log, grant the vote (5.2, 5.4).
  if (voted_for() != kNobody && voted_for() != request.candidate) {
    reason.other = voted_for();
    if (!config_.has_bug(Bug::VoteTwice)) {
      reason.cause = Cause::VoteDeniedAlreadyVoted;
      return reason;
    }
    reason.bug = Bug::VoteTwice;  // BUG: on to the log check as if we had not voted
  }
  reason.theirs = LogPosition{request.last_log_index, request.last_log_term};
  reason.ours = LogPosition{log_.last_index(), log_.last_term()};
  reason.cause = candidate_log_up_to_date(request) ? Cause::VoteGranted : Cause::VoteDeniedLogOlder;
  if (reason.cause == Cause::VoteGranted && !log_.is_up_to_date(request.last_log_index, request.last_log_term)) {
    reason.bug = config_.has_bug(Bug::VoteWithoutLogCheck) ? Bug::VoteWithoutLogCheck : Bug::VoteByLogLength;
  }
  return reason;
}

// The election restriction (5.4.1): last terms first, then lengths.
bool Node::candidate_log_up_to_date(const RequestVote& request) const {
  if (config_.has_bug(Bug::VoteWithoutLogCheck)) return true;  // BUG: no check at all
  if (config_.has_bug(Bug::VoteByLogLength)) return request.last_log_index >= log_.last_index();  // BUG: terms ignored
  return log_.is_up_to_date(request.last_log_index, request.last_log_term);
}

// votedFor is persistent state (Figure 2): set before the reply promising the vote leaves.
void Node::record_vote(NodeId candidate) {
  if (config_.has_bug(Bug::VoteNotRecorded)) return;  // BUG: the vote is granted, not remembered
  set_hard_state(current_term(), candidate);
}

void Node::handle_request_vote_reply(Time now, NodeId from, const RequestVoteReply& reply) {
  if (role_ != Role::Candidate || !reply_is_current(reply.term, Bug::CountStaleVoteReply) || !reply.vote_granted) return;
  if (from >= votes_.size()) return;  // a server no configuration of ours names
  votes_[from] = true;
  // If votes are received from a majority of servers: become leader.
  if (votes_granted() >= quorum()) become_leader(now);
}

// A majority (5.2): more than half of the servers.
std::size_t Node::quorum() const {
  if (config_.has_bug(Bug::MajorityRoundedDown)) return (cluster_size() + 1) / 2;  // BUG: half of an even cluster
  return majority(cluster_size());
}

std::size_t Node::votes_granted() const {
  // Only the votes of the configuration in force count (4.1).
  return static_cast<std::size_t>(std::count_if(configuration_.voters.begin(), configuration_.voters.end(),
                                                [this](NodeId voter) { return votes_[voter]; }));
}

void Node::reset_election_timer(Time now, Cause why, NodeId peer) {
  draw_election_timeout(now);
  decide(Reason{.cause = why, .peer = peer, .term = current_term(), .count = static_cast<std::uint64_t>(election_timeout_)});
}

void Node::draw_election_timeout(Time now) {
  election_timeout_ = random_.between(config_.election_timeout_min, config_.election_timeout_max);
  // No draw without jitter, so that every other run keeps its random sequence.
  if (config_.election_timer_jitter > 0) election_timeout_ += random_.between(0, config_.election_timer_jitter);
  election_due_ = now + election_timeout_;
}

}  // namespace raft

// Pre-vote (dissertation 9.6): before a server bumps its term and disrupts a cluster, it
// asks for votes for the term it would start. The receivers judge the question by the
// RequestVote rules (Figure 2: term, vote, the election restriction of 5.4.1), but record
// nothing: no term change, no vote, no timer reset. Only a pre-candidate that a majority
// would vote for becomes a candidate, so a server that was partitioned away (and kept
// timing out alone) comes back with the term it left with, and disrupts nobody.

#include "core/node.h"

#include <algorithm>
#include <cassert>

namespace raft {

void Node::become_pre_candidate(Time now, Cause why) {
  role_ = Role::PreCandidate;
  leader_ = kNobody;
  const Time waited = why == Cause::ElectionTimeout ? election_timeout_ : 0;
  decide(Reason{.cause = Cause::PreVoteStarted, .term = current_term() + 1, .count = static_cast<std::uint64_t>(waited)});
  // The timer restarts, so a pre-vote that fails is asked again after a new timeout.
  reset_election_timer(now, Cause::TimerResetByElection);
  std::fill(votes_.begin(), votes_.end(), false);
  votes_[config_.id] = true;
  if (votes_granted() >= quorum()) {  // a cluster of one asks nobody
    decide(Reason{.cause = Cause::PreVoteWon, .term = current_term() + 1, .count = cluster_size()}, voters());
    become_candidate(now, Cause::PreVoteWon);
    return;
  }
  for (NodeId peer : configuration_.voters) {
    if (peer == config_.id) continue;
    send(peer, RequestVote{current_term() + 1, config_.id, log_.last_index(), log_.last_term(), /*pre_vote=*/true});
  }
}

void Node::handle_pre_vote(NodeId from, const RequestVote& request) {
  Reason reason = judge_pre_vote(request);
  const bool grant = reason.cause == Cause::PreVoteGranted;
  decide(reason);
  send(from, RequestVoteReply{.term = grant ? request.term : current_term(), .vote_granted = grant, .reason = reason,
                              .pre_vote = true});
}

// The RequestVote receiver's rules, asked of the term the candidate would start.
Reason Node::judge_pre_vote(const RequestVote& request) const {
  Reason reason{.rpc = Rpc::PreVote, .peer = request.candidate, .term = current_term()};
  // 1. A term that is not past ours would not win (5.1); the reply carries our term,
  //    which a pre-candidate behind us adopts.
  if (request.term < current_term()) {
    reason.cause = Cause::PreVoteDeniedStaleTerm;
    reason.their_term = request.term;
    return reason;
  }
  // 2. In our own term, we vote at most once (5.2).
  if (request.term == current_term() && voted_for() != kNobody && voted_for() != request.candidate) {
    reason.cause = Cause::PreVoteDeniedAlreadyVoted;
    reason.other = voted_for();
    return reason;
  }
  // 3. The election restriction (5.4.1): the candidate's log is at least as up-to-date.
  reason.term = request.term;
  reason.theirs = LogPosition{request.last_log_index, request.last_log_term};
  reason.ours = LogPosition{log_.last_index(), log_.last_term()};
  reason.cause = candidate_log_up_to_date(request) ? Cause::PreVoteGranted : Cause::PreVoteDeniedLogOlder;
  return reason;
}

void Node::handle_pre_vote_reply(Time now, NodeId from, const RequestVoteReply& reply) {
  // (A denial from a later term made us a follower already, in step().)
  if (role_ != Role::PreCandidate || reply.term != current_term() + 1 || !reply.vote_granted) return;
  if (from >= votes_.size()) return;  // a server no configuration of ours names
  votes_[from] = true;
  if (votes_granted() < quorum()) return;
  // A majority would vote for us: now the real election (5.2).
  decide(Reason{.cause = Cause::PreVoteWon, .term = current_term() + 1, .count = cluster_size()}, voters());
  become_candidate(now, Cause::PreVoteWon);
}

}  // namespace raft

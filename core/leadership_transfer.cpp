// Leadership transfer, dissertation 3.10: "the prior leader sends its log entries to the
// target server [until it is caught up], then sends it a TimeoutNow request; the target
// starts an election at once, without waiting for its election timer". Meanwhile the
// prior leader stops accepting client requests, so that the target can catch up with a
// log that no longer grows; "if the transfer does not complete within an election
// timeout, the prior leader aborts it and resumes accepting client requests".
//
// The target's RequestVote is marked `forced` (messages.h), as etcd-io/raft marks a
// campaignTransfer, so that a leader lease (check-quorum) and pre-vote let it through.
// Which server is down is the host's knowledge, not the core's: the simulator refuses a
// transfer to a crashed server before it asks (sim/cluster/simulator_actions.cpp).
#include <algorithm>

#include "core/node.h"

namespace raft {

namespace {

// "Within an election timeout": the longest a follower waits before it campaigns, so
// that a target's election, which starts at once, has had every chance to finish.
Time transfer_time_allowed(const Config& config) { return config.election_timeout_max; }

}  // namespace

Reason Node::transfer_leadership(Time now, NodeId target) {
  Reason reason = judge_transfer(target);
  decide(reason);
  if (reason.cause != Cause::TransferStarted) return reason;
  transfer_target_ = target;
  transfer_deadline_ = now + transfer_time_allowed(config_);
  timeout_now_sent_ = false;
  // Catch the target up first; once its matchIndex reaches our last index it is told to
  // time out (maybe_send_timeout_now, also called on each of its replies).
  maybe_send_timeout_now(target);
  if (!timeout_now_sent_) send_append(target);
  return reason;
}

// Who may hand leadership to whom: each refusal, in order, with the reason it gives.
Reason Node::judge_transfer(NodeId target) const {
  Reason reason{.role = role_, .peer = target, .term = current_term()};
  if (!configuration_.is_voter(target)) {  // a learner cannot win an election (4.2.1)
    reason.cause = Cause::TransferRefusedUnknown;
    reason.count = cluster_size();
  } else if (role_ != Role::Leader) {
    reason.cause = Cause::TransferRefusedNotLeader;
    reason.other = leader_;
  } else if (target == config_.id) {
    reason.cause = Cause::TransferRefusedToSelf;
  } else if (transfer_target_ != kNobody) {
    reason.cause = Cause::TransferRefusedBusy;
    reason.other = transfer_target_;
  } else {
    reason.cause = Cause::TransferStarted;
    reason.theirs = LogPosition{progress_[target].match_index, log_.term_at(progress_[target].match_index)};
    reason.ours = LogPosition{log_.last_index(), log_.last_term()};
  }
  return reason;
}

// The leader stops accepting client requests during a transfer, so that the target's
// log can catch up with one that no longer grows (3.10).
ProposeResult Node::refuse_proposal_while_transferring() {
  decide(Reason{.cause = Cause::ProposalRefusedTransferring, .role = role_, .peer = transfer_target_,
                .term = current_term()});
  return {.accepted = false, .leader_hint = config_.id, .transferring_to = transfer_target_};
}

// Once the target holds every entry we hold, it can win an election: tell it to start one.
void Node::maybe_send_timeout_now(NodeId peer) {
  if (role_ != Role::Leader || peer != transfer_target_ || timeout_now_sent_) return;
  const Index match = progress_[peer].match_index;
  if (match < log_.last_index()) return;
  timeout_now_sent_ = true;
  decide(Reason{.cause = Cause::TimeoutNowSent, .role = role_, .peer = peer, .term = current_term(),
                .theirs = {match, log_.term_at(match)}, .ours = {log_.last_index(), log_.last_term()}});
  send(peer, TimeoutNow{current_term(), config_.id});
}

// A transfer that has not finished within an election timeout is abandoned, and client
// requests are accepted again (3.10): the target may be down, cut off, or slow.
void Node::abandon_overdue_transfer(Time now) {
  if (transfer_target_ == kNobody || now < transfer_deadline_) return;
  const Index match = progress_[transfer_target_].match_index;
  decide(Reason{.cause = Cause::TransferAbandoned, .role = role_, .peer = transfer_target_, .term = current_term(),
                .theirs = {match, log_.term_at(match)}, .ours = {log_.last_index(), log_.last_term()},
                .count = static_cast<std::uint64_t>(transfer_time_allowed(config_))});
  transfer_target_ = kNobody;
}

// A leader that steps down (most often because the target's RequestVote of a newer term
// arrived: the transfer worked) has nothing left to transfer.
void Node::end_transfer_on_step_down() {
  if (transfer_target_ == kNobody) return;
  decide(Reason{.cause = Cause::TransferEnded, .role = role_, .peer = transfer_target_, .term = current_term()});
  transfer_target_ = kNobody;
}

// TimeoutNow receiver: start an election at once, as if the election timer had fired
// (3.10). One from an older term comes from a leader that has been deposed since.
void Node::handle_timeout_now(Time now, NodeId from, const TimeoutNow& request) {
  if (request.term < current_term()) {
    decide(Reason{.cause = Cause::TimeoutNowStale, .role = role_, .rpc = Rpc::TimeoutNow, .peer = from,
                  .term = current_term(), .their_term = request.term});
    return;
  }
  if (role_ == Role::Leader) return;  // cannot happen: one leader per term (5.2)
  become_candidate(now, Cause::TimeoutNowReceived, from);
}

}  // namespace raft

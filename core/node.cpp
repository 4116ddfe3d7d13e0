// The server's inputs (Figure 2, "Rules for Servers"): the constructor, the timer, the
// dispatch of each RPC after the term check every server does first (5.1), a client's
// proposal (5.3) and the teacher's campaign. Each rule lives in the file named after it:
// election.cpp, roles.cpp, replication.cpp, commit.cpp, snapshot.cpp, ready.cpp
// (docs/architecture.md).

#include "core/node.h"

#include <algorithm>
#include <cassert>

namespace raft {

Node::Node(Config config, PersistentState restored, Time now)
    : config_(std::move(config)),
      random_(config_.seed),
      hard_state_(restored.hard_state),
      log_(restored.snapshot ? restored.snapshot->metadata.last_included_index : 0,
           restored.snapshot ? restored.snapshot->metadata.last_included_term : 0, restored.log),
      snapshot_(std::move(restored.snapshot)) {
  assert(config_.id != kNobody && !config_.members.empty());
  assert(config_.election_timeout_min > 0 && config_.election_timeout_min <= config_.election_timeout_max);
  assert(config_.election_timer_jitter >= 0);
  assert(config_.heartbeat_interval > 0 && config_.max_entries_per_message >= 1);
  restore_configuration();  // the newest configuration in the snapshot and the log (4.1)
  // What was restored is durable already.
  persisted_last_index_ = log_.last_index();
  first_unpersisted_index_ = log_.last_index() + 1;
  // A snapshot holds only committed entries, and the host restores its state machine
  // from it: both start at its last entry (dissertation 5.1).
  commit_index_ = last_applied_ = log_.snapshot_index();
  if (config_.has_bug(Bug::VoteNotRestored)) hard_state_.voted_for = kNobody;  // BUG: the persisted vote is lost
  // Every server starts as a follower with no known leader (Figure 2), and does not know
  // whether it heard from one just before it stopped (check_quorum.cpp).
  started_at_ = now;
  draw_election_timeout(now);
}

void Node::tick(Time now) {
  if (role_ == Role::Leader) {
    abandon_overdue_transfer(now);  // dissertation 3.10
    if (config_.check_quorum && now >= quorum_check_due_) check_quorum(now);
    if (role_ != Role::Leader || now < heartbeat_due_) return;
    // Leaders: send heartbeats during idle periods to prevent election timeouts (5.2).
    allow_snapshot_resends();
    begin_read_round(now);  // every heartbeat is a round: it renews the lease (core/read_index.cpp)
    broadcast_append();
    heartbeat_due_ = now + config_.heartbeat_interval;
    return;
  }
  // Followers and candidates: if the election timeout elapses, start a new election.
  if (now < election_due_) return;
  if (!may_campaign()) {
    skip_campaign_as_non_voter(now);  // a learner or a removed server (4.2.1)
    return;
  }
  start_election(now, Cause::ElectionTimeout);
}

void Node::step(Time now, const Message& message) {
  assert(message.to == config_.id);
  if (ignores_disruptive_vote(now, message)) return;  // a removed server's campaign (4.2.3)
  // All servers: if an RPC request or response contains term T > currentTerm,
  // set currentTerm = T and convert to follower (5.1).
  // (With check-quorum, a vote for a later term is first weighed against the lease.)
  if (ignored_in_lease(now, message)) return;
  const Term term = term_of(message);
  if (term > current_term() && !ignores_higher_term(message) && !pre_vote_keeps_term(message)) {
    decide(Reason{.cause = Cause::HigherTermSeen, .role = role_, .rpc = rpc_of(message),
                  .peer = message.from, .term = current_term(), .their_term = term});
    const auto* append = std::get_if<AppendEntries>(&message.payload);
    const auto* install = std::get_if<InstallSnapshot>(&message.payload);
    become_follower(now, term, append ? append->leader : install ? install->leader : kNobody);
  }
  if (config_.check_quorum) heard_from(message);
  std::visit(
      [&](const auto& rpc) {
        using Rpc = std::decay_t<decltype(rpc)>;
        if constexpr (std::is_same_v<Rpc, RequestVote>) {
          if (rpc.pre_vote) handle_pre_vote(message.from, rpc);
          else handle_request_vote(now, message.from, rpc);
        }
        if constexpr (std::is_same_v<Rpc, RequestVoteReply>) {
          if (rpc.pre_vote) handle_pre_vote_reply(now, message.from, rpc);
          else handle_request_vote_reply(now, message.from, rpc);
        }
        if constexpr (std::is_same_v<Rpc, AppendEntries>) handle_append_entries(now, message.from, rpc);
        if constexpr (std::is_same_v<Rpc, AppendEntriesReply>) handle_append_entries_reply(now, message.from, rpc);
        if constexpr (std::is_same_v<Rpc, TimeoutNow>) handle_timeout_now(now, message.from, rpc);
        if constexpr (std::is_same_v<Rpc, InstallSnapshot>) handle_install_snapshot(now, message.from, rpc);
        if constexpr (std::is_same_v<Rpc, InstallSnapshotReply>) handle_install_snapshot_reply(now, message.from, rpc);
        if constexpr (std::is_same_v<Rpc, ReadIndex>) handle_read_index(now, message.from, rpc);
        if constexpr (std::is_same_v<Rpc, ReadIndexReply>) handle_read_index_reply(message.from, rpc);
      },
      message.payload);
}

ProposeResult Node::propose(Time /*now*/, std::string command, ClientStamp stamp) {
  if (role_ != Role::Leader) return {.accepted = false, .leader_hint = leader_};
  if (transfer_target_ != kNobody) return refuse_proposal_while_transferring();  // dissertation 3.10
  // Leaders: on a command from a client, append the entry to the local log, then
  // replicate it (5.3).
  append_to_log(LogEntry{current_term(), std::move(command), stamp});
  progress_[config_.id].match_index = log_.last_index();
  if (cluster_size() == 1) maybe_commit();
  broadcast_append();
  return {.accepted = true, .index = log_.last_index(), .term = current_term(), .leader_hint = config_.id};
}

void Node::campaign(Time now) {
  if (role_ == Role::Leader) return;
  if (!may_campaign()) {
    skip_campaign_as_non_voter(now);
    return;
  }
  // Told to: an election at once, with no pre-vote, that the lease does not hold off.
  become_candidate(now, Cause::ToldToCampaign);
}

void Node::restart_election_timer(Time now, Time timeout) {
  election_timeout_ = timeout;
  election_due_ = now + timeout;
}

// A pre-vote changes nobody's term (dissertation 9.6): neither the request, nor a grant,
// which carries the term asked for. A denial carries the voter's term, and a pre-candidate
// behind it adopts it: otherwise a server whose term fell behind while it was away would
// keep asking for a term the others have passed, and never win.
bool Node::pre_vote_keeps_term(const Message& message) const {
  if (const auto* request = std::get_if<RequestVote>(&message.payload)) return request->pre_vote;
  if (const auto* reply = std::get_if<RequestVoteReply>(&message.payload)) return reply->pre_vote && reply->vote_granted;
  return false;
}

// All servers: a higher term in any RPC makes us a follower (5.1). Unless...
bool Node::ignores_higher_term(const Message& message) const {
  const bool reply = std::holds_alternative<RequestVoteReply>(message.payload) ||
                     std::holds_alternative<AppendEntriesReply>(message.payload) ||
                     std::holds_alternative<InstallSnapshotReply>(message.payload);
  return reply && role_ != Role::Follower && config_.has_bug(Bug::IgnoreHigherTermInReply);  // BUG
}

}  // namespace raft

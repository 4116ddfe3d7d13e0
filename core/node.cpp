// The server's inputs (Figure 2, "Rules for Servers"): the constructor, the timer, the
// dispatch of each RPC after the term check every server does first (5.1), a client's
// proposal (5.3) and the teacher's campaign. Each rule lives in the file named after it:
// election.cpp, roles.cpp, replication.cpp, commit.cpp, ready.cpp (docs/architecture.md).

#include "core/node.h"

#include <algorithm>
#include <cassert>

namespace raft {

Node::Node(Config config, PersistentState restored, Time now)
    : config_(std::move(config)),
      random_(config_.seed),
      hard_state_(restored.hard_state),
      log_(std::move(restored.log)) {
  assert(config_.id != kNobody && !config_.members.empty());
  assert(config_.election_timeout_min > 0 && config_.election_timeout_min <= config_.election_timeout_max);
  assert(config_.election_timer_jitter >= 0);
  assert(config_.heartbeat_interval > 0 && config_.max_entries_per_message >= 1);
  restore_configuration();  // the newest configuration in the restored log (4.1)
  // What was restored is durable already.
  persisted_last_index_ = log_.last_index();
  first_unpersisted_index_ = log_.last_index() + 1;
  if (config_.has_bug(Bug::VoteNotRestored)) hard_state_.voted_for = kNobody;  // BUG: the persisted vote is lost
  // Every server starts as a follower with no known leader (Figure 2).
  draw_election_timeout(now);
}

void Node::tick(Time now) {
  if (role_ == Role::Leader) {
    if (now < heartbeat_due_) return;
    // Leaders: send heartbeats during idle periods to prevent election timeouts (5.2).
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
  become_candidate(now, Cause::ElectionTimeout);
}

void Node::step(Time now, const Message& message) {
  assert(message.to == config_.id);
  if (ignores_disruptive_vote(now, message)) return;  // a removed server's campaign (4.2.3)
  // All servers: if an RPC request or response contains term T > currentTerm,
  // set currentTerm = T and convert to follower (5.1).
  const Term term = term_of(message);
  if (term > current_term() && !ignores_higher_term(message)) {
    decide(Reason{.cause = Cause::HigherTermSeen, .role = role_, .rpc = static_cast<Rpc>(message.payload.index()),
                  .peer = message.from, .term = current_term(), .their_term = term});
    const auto* append = std::get_if<AppendEntries>(&message.payload);
    become_follower(now, term, append ? append->leader : kNobody);
  }
  std::visit(
      [&](const auto& rpc) {
        using Rpc = std::decay_t<decltype(rpc)>;
        if constexpr (std::is_same_v<Rpc, RequestVote>) handle_request_vote(now, message.from, rpc);
        if constexpr (std::is_same_v<Rpc, RequestVoteReply>) handle_request_vote_reply(now, message.from, rpc);
        if constexpr (std::is_same_v<Rpc, AppendEntries>) handle_append_entries(now, message.from, rpc);
        if constexpr (std::is_same_v<Rpc, AppendEntriesReply>) handle_append_entries_reply(now, message.from, rpc);
      },
      message.payload);
}

ProposeResult Node::propose(Time /*now*/, std::string command) {
  if (role_ != Role::Leader) return {.accepted = false, .leader_hint = leader_};
  // Leaders: on a command from a client, append the entry to the local log, then
  // replicate it (5.3).
  append_to_log(LogEntry{current_term(), std::move(command)});
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
  become_candidate(now, Cause::ToldToCampaign);
}

void Node::restart_election_timer(Time now, Time timeout) {
  election_timeout_ = timeout;
  election_due_ = now + timeout;
}

// All servers: a higher term in any RPC makes us a follower (5.1). Unless...
bool Node::ignores_higher_term(const Message& message) const {
  const bool reply = std::holds_alternative<RequestVoteReply>(message.payload) ||
                     std::holds_alternative<AppendEntriesReply>(message.payload);
  return reply && role_ != Role::Follower && config_.has_bug(Bug::IgnoreHigherTermInReply);  // BUG
}

}  // namespace raft

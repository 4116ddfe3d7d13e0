#include "core/node.h"

#include <algorithm>
#include <cassert>

#include "core/quorum.h"

namespace raft {

Node::Node(Config config, PersistentState restored, Time now)
    : config_(std::move(config)),
      random_(config_.seed),
      hard_state_(restored.hard_state),
      log_(std::move(restored.log)) {
  assert(config_.id != kNobody);
  assert(std::find(config_.members.begin(), config_.members.end(), config_.id) != config_.members.end());
  assert(config_.election_timeout_min > 0 && config_.election_timeout_min <= config_.election_timeout_max);
  assert(config_.election_timer_jitter >= 0);
  assert(config_.heartbeat_interval > 0 && config_.max_entries_per_message >= 1);
  const NodeId highest_id = *std::max_element(config_.members.begin(), config_.members.end());
  votes_.assign(highest_id + 1, false);
  progress_.assign(highest_id + 1, Progress{});
  // What was restored is durable already.
  persisted_last_index_ = log_.last_index();
  first_unpersisted_index_ = log_.last_index() + 1;
  if (config_.has_bug(Bug::VoteNotRestored)) hard_state_.voted_for = kNobody;  // BUG: the persisted vote is lost
  // Every server starts as a follower with no known leader (Figure 2).
  draw_election_timeout(now);
}

// ---- Inputs -------------------------------------------------------------------------

void Node::tick(Time now) {
  if (role_ == Role::Leader) {
    abandon_overdue_transfer(now);  // dissertation 3.10
    if (now < heartbeat_due_) return;
    // Leaders: send heartbeats during idle periods to prevent election timeouts (5.2).
    broadcast_append();
    heartbeat_due_ = now + config_.heartbeat_interval;
    return;
  }
  // Followers and candidates: if the election timeout elapses, start a new election.
  if (now >= election_due_) become_candidate(now, Cause::ElectionTimeout);
}

void Node::step(Time now, const Message& message) {
  assert(message.to == config_.id);
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
        if constexpr (std::is_same_v<Rpc, TimeoutNow>) handle_timeout_now(now, message.from, rpc);
      },
      message.payload);
}

ProposeResult Node::propose(Time /*now*/, std::string command) {
  if (role_ != Role::Leader) return {.accepted = false, .leader_hint = leader_};
  if (transfer_target_ != kNobody) return refuse_proposal_while_transferring();  // dissertation 3.10
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
  become_candidate(now, Cause::ToldToCampaign);
}

void Node::restart_election_timer(Time now, Time timeout) {
  election_timeout_ = timeout;
  election_due_ = now + timeout;
}

// ---- Role changes -------------------------------------------------------------------

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
  role_ = Role::Follower;
  leader_ = leader;
  if (was == Role::Leader) reset_election_timer(now, Cause::TimerStartedAsFollower);
}

void Node::become_candidate(Time now, Cause why, NodeId told_by) {
  // Candidates (5.2): increment currentTerm, vote for self, reset the election timer,
  // send RequestVote RPCs to all other servers.
  role_ = Role::Candidate;
  leader_ = kNobody;
  set_hard_state(current_term() + 1, config_.id);
  const Time waited = why == Cause::ElectionTimeout ? election_timeout_ : 0;
  decide(Reason{.cause = why, .peer = told_by, .term = current_term(), .count = static_cast<std::uint64_t>(waited)});
  reset_election_timer(now, Cause::TimerResetByElection);
  if (!config_.has_bug(Bug::VoteCountNotReset)) std::fill(votes_.begin(), votes_.end(), false);
  votes_[config_.id] = true;
  if (votes_granted() >= quorum()) {
    become_leader(now);
    return;
  }
  for (NodeId peer : config_.members) {
    if (peer == config_.id) continue;
    // A campaign the leader asked for (TimeoutNow) says so: see RequestVote::transfer.
    send(peer, RequestVote{current_term(), config_.id, log_.last_index(), log_.last_term(),
                           why == Cause::TimeoutNowReceived});
  }
}

void Node::become_leader(Time now) {
  assert(role_ == Role::Candidate);
  role_ = Role::Leader;
  leader_ = config_.id;
  std::vector<NodeId> voters;
  for (NodeId member : config_.members) {
    if (votes_[member]) voters.push_back(member);
  }
  std::sort(voters.begin(), voters.end());
  decide(Reason{.cause = Cause::ElectionWon, .term = current_term(), .count = cluster_size()}, std::move(voters));
  // Reinitialized after election: nextIndex to leader last log index + 1, matchIndex to 0.
  for (NodeId peer : config_.members) progress_[peer] = Progress{log_.last_index() + 1, 0};
  progress_[config_.id].match_index = log_.last_index();
  // Upon election: send initial empty AppendEntries (heartbeat) to each server.
  broadcast_append();
  heartbeat_due_ = now + config_.heartbeat_interval;
}

// ---- RequestVote --------------------------------------------------------------------

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
  votes_[from] = true;
  // If votes are received from a majority of servers: become leader.
  if (votes_granted() >= quorum()) become_leader(now);
}

// A majority (5.2): more than half of the servers.
std::size_t Node::quorum() const {
  if (config_.has_bug(Bug::MajorityRoundedDown)) return (cluster_size() + 1) / 2;  // BUG: half of an even cluster
  return majority(cluster_size());
}

// All servers: a higher term in any RPC makes us a follower (5.1). Unless...
bool Node::ignores_higher_term(const Message& message) const {
  const bool reply = std::holds_alternative<RequestVoteReply>(message.payload) ||
                     std::holds_alternative<AppendEntriesReply>(message.payload);
  return reply && role_ != Role::Follower && config_.has_bug(Bug::IgnoreHigherTermInReply);  // BUG
}

std::size_t Node::votes_granted() const {
  return static_cast<std::size_t>(std::count(votes_.begin(), votes_.end(), true));
}

// ---- AppendEntries ------------------------------------------------------------------

void Node::handle_append_entries(Time now, NodeId from, const AppendEntries& request) {
  AppendEntriesReply reply{.term = current_term(), .rejected_prev_index = request.prev_log_index};
  Reason& reason = reply.reason;
  reason = Reason{.peer = request.leader, .term = current_term(), .count = request.entries.size()};
  reason.theirs = LogPosition{request.prev_log_index, request.prev_log_term};
  // 1. Reply false if term < currentTerm (5.1).
  if (request.term < current_term() && !config_.has_bug(Bug::AcceptStaleAppend)) {
    reason.cause = Cause::AppendRejectedStaleTerm;
    reason.their_term = request.term;
    reject(from, std::move(reply));
    return;
  }
  // The sender is the legitimate leader of our term: a candidate steps down (5.2),
  // and everyone resets the election timer.
  if (request.term == current_term()) {  // (else Bug::AcceptStaleAppend let an old leader in)
    assert(role_ != Role::Leader && "two leaders in one term");
    if (role_ == Role::Candidate) {
      decide(Reason{.cause = Cause::LeaderOfTermFound, .peer = request.leader, .term = current_term()});
    }
    become_follower(now, request.term, request.leader);
  }
  if (!request.entries.empty() || !config_.has_bug(Bug::NoTimerResetOnHeartbeat)) {
    reset_election_timer(now, request.entries.empty() ? Cause::TimerResetByHeartbeat : Cause::TimerResetByAppend,
                         request.leader);
  }
  // BUG (HeartbeatSkipsLogCheck): a heartbeat is taken as matching, whatever our log holds.
  const bool check_log = !request.entries.empty() || !config_.has_bug(Bug::HeartbeatSkipsLogCheck);

  // 2. Reply false if the log doesn't contain an entry at prevLogIndex whose term
  //    matches prevLogTerm (5.3), with a hint for fast backtracking.
  if (check_log && request.prev_log_index > log_.last_index()) {
    reply.conflict_index = log_.last_index() + 1;
    reason.cause = Cause::AppendRejectedNoEntry;
    reason.ours = LogPosition{log_.last_index(), log_.last_term()};
    reject(from, std::move(reply));
    return;
  }
  if (check_log && !log_.matches(request.prev_log_index, request.prev_log_term)) {
    reply.conflict_term = log_.term_at(request.prev_log_index);
    reply.conflict_index = log_.first_index_of_term(reply.conflict_term, request.prev_log_index);
    reason.cause = Cause::AppendRejectedMismatch;
    reason.ours = LogPosition{reply.conflict_index, reply.conflict_term};
    reject(from, std::move(reply));
    return;
  }
  const Index last_new_index = request.prev_log_index + request.entries.size();
  reason.cause = Cause::AppendAccepted;
  if (request.term < current_term()) reason.bug = Bug::AcceptStaleAppend;
  if (!check_log && !log_.matches(request.prev_log_index, request.prev_log_term)) reason.bug = Bug::HeartbeatSkipsLogCheck;
  reason.ours = LogPosition{last_new_index, request.entries.empty() ? request.prev_log_term : request.entries.back().term};
  decide(reason);

  // 3. If an existing entry conflicts with a new one (same index, different terms),
  //    delete the existing entry and all that follow it (5.3).
  // 4. Append any new entries not already in the log.
  Index index = request.prev_log_index;
  for (const LogEntry& entry : request.entries) {
    ++index;
    if (index <= log_.last_index()) {
      if (log_.term_at(index) == entry.term) continue;
      decide(Reason{.cause = Cause::EntriesTruncated, .peer = request.leader, .term = current_term(),
                    .theirs = {index, entry.term}, .ours = {log_.last_index(), log_.term_at(index)}});
      if (config_.has_bug(Bug::OverwriteInPlace)) {  // BUG: the entries after it stay
        replace_entry(index, entry);
        continue;
      }
      truncate_log_after(index - 1);
    }
    append_to_log(entry);
  }
  // BUG (TruncateMatchingSuffix): a late, shorter AppendEntries deletes newer entries.
  if (config_.has_bug(Bug::TruncateMatchingSuffix) && log_.last_index() > last_new_index) {
    truncate_log_after(last_new_index);
  }

  // 5. If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of
  //    last new entry).
  const Index learned = config_.has_bug(Bug::CommitWithoutMin) ? request.leader_commit  // BUG: no min()
                                                                : std::min(request.leader_commit, last_new_index);
  if (learned > commit_index_) {
    commit_index_ = learned;
    const Term learned_term = learned <= log_.last_index() ? log_.term_at(learned) : 0;
    decide(Reason{.cause = Cause::CommitLearned, .peer = request.leader, .term = current_term(),
                  .ours = {learned, learned_term}, .count = request.leader_commit,
                  .bug = learned > last_new_index ? Bug::CommitWithoutMin : Bug::Count});
  }
  reply.success = true;
  reply.match_index = last_new_index;
  send(from, std::move(reply));
}

void Node::reject(NodeId to, AppendEntriesReply reply) {
  decide(reply.reason);
  send(to, std::move(reply));
}

void Node::replace_entry(Index index, LogEntry entry) {
  log_.replace(index, std::move(entry));
  first_unpersisted_index_ = std::min(first_unpersisted_index_, index);
}

void Node::handle_append_entries_reply(Time /*now*/, NodeId from, const AppendEntriesReply& reply) {
  if (role_ != Role::Leader || !reply_is_current(reply.term, Bug::CountStaleAppendReply)) return;
  Progress& peer = progress_[from];
  if (reply.success) {
    // If successful: update nextIndex and matchIndex for the follower (5.3).
    Index acknowledged = reply.match_index;
    if (config_.has_bug(Bug::MatchFromStaleReply)) {  // BUG: from what we would send now, not what was sent
      acknowledged = std::min(peer.next_index - 1 + reply.reason.count, log_.last_index());
    } else if (config_.has_bug(Bug::MatchFromOwnLog)) {  // BUG: from our own log
      acknowledged = log_.last_index();
    } else if (acknowledged <= peer.match_index) {
      return;  // old news: a duplicate or a heartbeat's
    }
    peer.match_index = acknowledged;
    peer.next_index = std::max(peer.next_index, peer.match_index + 1);
    maybe_commit();
    if (peer.next_index <= log_.last_index()) send_append(from);  // keep catching up
    maybe_send_timeout_now(from);  // a transfer's target that has caught up (3.10)
    return;
  }
  back_off(from, reply);
}

// If AppendEntries fails because of log inconsistency: decrement nextIndex and retry (5.3).
void Node::back_off(NodeId from, const AppendEntriesReply& reply) {
  Progress& peer = progress_[from];
  if (config_.has_bug(Bug::NextIndexBelowOne)) {  // BUG: one step back per rejection, stale or not
    --peer.next_index;
    if (peer.next_index >= 1) send_append(from);  // (at 0 there is nothing to send: the host sees it)
    return;
  }
  // A rejection of an older probe than the current one is stale: ignore it. So is a
  // rejection at or below matchIndex: the follower has acknowledged that prefix since.
  if (reply.rejected_prev_index + 1 != peer.next_index || reply.rejected_prev_index <= peer.match_index) return;
  Index next = reply.conflict_index;
  if (reply.conflict_term != 0) {
    // Skip the follower's whole conflicting term in one round trip; if we hold that
    // term too, resume just after our last entry of it.
    const Index ours = log_.last_index_of_term(reply.conflict_term);
    if (ours != 0) next = ours + 1;
  }
  next = std::clamp<Index>(next, peer.match_index + 1, peer.next_index - 1);
  peer.next_index = std::max<Index>(next, 1);
  send_append(from);
}

// ---- Leader actions -----------------------------------------------------------------

void Node::broadcast_append() {
  for (NodeId peer : config_.members) {
    if (peer != config_.id) send_append(peer);
  }
}

void Node::send_append(NodeId peer) {
  const Progress& progress = progress_[peer];
  const Index prev = progress.next_index - 1;
  send(peer, AppendEntries{current_term(), config_.id, prev, log_.term_at(prev),
                           log_.slice(progress.next_index, config_.max_entries_per_message),
                           config_.has_bug(Bug::LeaderCommitIsLastIndex) ? log_.last_index() : commit_index_});
}

void Node::maybe_commit() {
  // If there exists an N > commitIndex such that a majority of matchIndex[i] >= N and
  // log[N].term == currentTerm: set commitIndex = N (5.3, 5.4). Entries of earlier terms
  // are never committed by counting replicas (Figure 8).
  std::vector<Index> matches;
  matches.reserve(cluster_size());
  for (NodeId member : config_.members) {
    matches.push_back(member == config_.id ? log_.last_index() : progress_[member].match_index);
  }
  const Index candidate = quorum_index(std::move(matches), quorum());
  if (candidate <= commit_index_) return;
  Reason reason{.term = current_term(), .ours = {candidate, log_.term_at(candidate)}, .count = cluster_size()};
  if (log_.term_at(candidate) != current_term() && !config_.has_bug(Bug::CommitOldTermByCount)) {
    reason.cause = Cause::CommitWaitsForTerm;
    decide(reason, members_holding(candidate));
    return;
  }
  commit_index_ = candidate;
  reason.cause = Cause::CommitAdvanced;
  if (log_.term_at(candidate) != current_term()) reason.bug = Bug::CommitOldTermByCount;
  decide(reason, members_holding(candidate));
}

// The members known to hold entry `index` (the leader's own log included), in id order.
std::vector<NodeId> Node::members_holding(Index index) const {
  std::vector<NodeId> holders;
  for (NodeId member : config_.members) {
    const Index match = member == config_.id ? log_.last_index() : progress_[member].match_index;
    if (match >= index) holders.push_back(member);
  }
  std::sort(holders.begin(), holders.end());
  return holders;
}

// ---- Bookkeeping --------------------------------------------------------------------

void Node::set_hard_state(Term term, NodeId voted_for) {
  assert(term >= current_term());
  assert(term > current_term() || voted_for == hard_state_.voted_for || hard_state_.voted_for == kNobody ||
         config_.has_bug(Bug::VoteTwice));
  hard_state_ = HardState{term, voted_for};
  hard_state_dirty_ = true;
}

void Node::append_to_log(LogEntry entry) {
  log_.append(std::move(entry));
}

void Node::truncate_log_after(Index keep_through) {
  // A committed entry is never removed (5.4). No assertion here: a faulty peer (core/bugs.h)
  // can make a correct server break it, and the host's checker reports that as a violation.
  log_.truncate_after(keep_through);
  if (config_.has_bug(Bug::TruncationNotPersisted)) return;  // BUG: the host never hears of it
  first_unpersisted_index_ = std::min(first_unpersisted_index_, keep_through + 1);
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

void Node::send(NodeId to, Payload payload) {
  outbox_.push_back(Message{config_.id, to, std::move(payload)});
}

bool Node::has_ready() const {
  return hard_state_dirty_ || first_unpersisted_index_ <= log_.last_index() ||
         persisted_last_index_ != log_.last_index() || !outbox_.empty() || last_applied_ < apply_through() ||
         !decisions_.empty();
}

Ready Node::take_ready() {
  Ready ready;
  if (hard_state_dirty_) {
    ready.hard_state = hard_state_;
    hard_state_dirty_ = false;
    // BUG (VoteNotPersisted): only a vote for ourselves reaches the disk.
    if (config_.has_bug(Bug::VoteNotPersisted) && hard_state_.voted_for != config_.id) ready.hard_state->voted_for = kNobody;
  }
  if (first_unpersisted_index_ <= log_.last_index() || persisted_last_index_ != log_.last_index()) {
    const Index keep_through = std::min(first_unpersisted_index_ - 1, log_.last_index());
    ready.log_write = LogWrite{keep_through, log_.slice(keep_through + 1, log_.last_index() - keep_through)};
  }
  first_unpersisted_index_ = log_.last_index() + 1;
  persisted_last_index_ = log_.last_index();
  ready.messages = std::move(outbox_);
  outbox_.clear();
  // Copied, not moved: decisions_ keeps its capacity, and most Readys have none to copy.
  ready.decisions.assign(decisions_.begin(), decisions_.end());
  decisions_.clear();
  // All servers: if commitIndex > lastApplied, apply log[lastApplied + 1] (5.3).
  while (last_applied_ < apply_through()) {
    ++last_applied_;
    ready.committed.push_back(CommittedEntry{last_applied_, log_.at(last_applied_)});
  }
  return ready;
}

// All servers: apply what is committed (5.3), and nothing more.
Index Node::apply_through() const {
  if (config_.has_bug(Bug::ApplyBeforeCommit)) return log_.last_index();  // BUG: whatever the log holds
  return commit_index_;
}

}  // namespace raft

// Log replication (Raft paper 5.3; dissertation 3.5): the AppendEntries receiver, and the
// leader's side: sending entries, reading replies, and backing off nextIndex with the
// follower's conflict hint (the optimisation at the end of the paper's 5.3). Across a
// snapshot boundary (dissertation 5.1): a follower's entries up to its snapshot are
// committed, so they match the leader's; a leader that no longer holds the entries a
// follower needs sends its snapshot instead (core/snapshot.cpp).

#include "core/node.h"

#include <algorithm>
#include <cassert>

namespace raft {

void Node::handle_append_entries(Time now, NodeId from, const AppendEntries& request) {
  AppendEntriesReply reply{.term = current_term(), .rejected_prev_index = request.prev_log_index,
                           .read_round = request.read_round};
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
    if (role_ == Role::Candidate || role_ == Role::PreCandidate) {
      decide(Reason{.cause = Cause::LeaderOfTermFound,
                    .role = role_ == Role::PreCandidate ? Role::PreCandidate : Role::Follower,
                    .peer = request.leader, .term = current_term()});
    }
    become_follower(now, request.term, request.leader);
    leader_heard_at_ = now;  // check-quorum's lease, and 4.2.3's, count from here
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
  // Entries our snapshot replaced are committed: they match the leader's (Log Matching).
  const bool before_snapshot = request.prev_log_index < log_.snapshot_index();
  if (check_log && !before_snapshot && !log_.matches(request.prev_log_index, request.prev_log_term)) {
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
  if (!check_log && !before_snapshot && !log_.matches(request.prev_log_index, request.prev_log_term)) reason.bug = Bug::HeartbeatSkipsLogCheck;
  reason.ours = LogPosition{last_new_index, request.entries.empty() ? request.prev_log_term : request.entries.back().term};
  decide(reason);

  // 3. If an existing entry conflicts with a new one (same index, different terms),
  //    delete the existing entry and all that follow it (5.3).
  // 4. Append any new entries not already in the log.
  Index index = request.prev_log_index;
  for (const LogEntry& entry : request.entries) {
    ++index;
    if (index <= log_.snapshot_index()) continue;  // in our snapshot already
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
    const Term learned_term = log_.holds(learned) || learned == log_.snapshot_index() ? log_.term_at(learned) : 0;
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

void Node::handle_append_entries_reply(Time now, NodeId from, const AppendEntriesReply& reply) {
  if (role_ == Role::Leader && reply.term == current_term()) note_read_round_answered(from, reply.read_round);
  if (role_ != Role::Leader || !reply_is_current(reply.term, Bug::CountStaleAppendReply)) return;
  if (!configuration_.contains(from)) return;  // removed: it no longer counts or receives (4.2)
  Progress& peer = progress_[from];
  if (reply.success) {
    // If successful: update nextIndex and matchIndex for the follower (5.3).
    Index acknowledged = reply.match_index;
    if (config_.has_bug(Bug::MatchFromStaleReply)) {  // BUG: from what we would send now, not what was sent
      acknowledged = std::min(std::max(peer.next_index, Index{1}) - 1 + reply.reason.count, log_.last_index());
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
    step_down_if_removed(now);  // a leader that removed itself, once that commits (4.2.2)
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

void Node::broadcast_append() {
  for (NodeId peer : configuration_.members()) {  // voters and learners (4.2.1)
    if (peer != config_.id) send_append(peer);
  }
}

void Node::send_append(NodeId peer) {
  const Progress& progress = progress_[peer];
  // The entry before nextIndex went into our snapshot: only the snapshot can bring the
  // follower up to date (Raft paper 7).
  if (needs_snapshot(progress)) {
    send_snapshot_chunk(peer);
    return;
  }
  const Index prev = progress.next_index - 1;
  send(peer, AppendEntries{current_term(), config_.id, prev, log_.term_at(prev),
                           log_.slice(progress.next_index, config_.max_entries_per_message),
                           config_.has_bug(Bug::LeaderCommitIsLastIndex) ? log_.last_index() : commit_index_,
                           read_round_});
}

}  // namespace raft

// Linearizable reads without the log (dissertation 6.4; etcd-io/raft's read_only.go).
// ReadIndex: the leader records its commit index as the read index, confirms that it still
// leads by a round of heartbeats a majority answers (each AppendEntries carries the
// latest round begun, each reply echoes it), then the read is served once the state
// machine has applied through the read index. A leader must first commit an entry of its
// own term, or it may not know every committed entry (its no-op, paper section 8).
// Followers forward the request to the leader (ReadIndex) and serve the read themselves
// once they have applied through the index it answers.
// Leases (6.4.1): a round a majority answered proves no other leader can be elected for
// an election timeout after the round began, as the followers count it (check-quorum's
// lease keeps them from voting meanwhile). The leader serves reads without a round until
// then, less the share clocks may drift (Config::max_drift_ppm), on its own clock.

#include <algorithm>

#include "core/node.h"

namespace raft {

ReadResult Node::read(Time now, std::uint64_t context, ReadMode mode) {
  if (role_ == Role::Leader) {
    read_as_leader(now, config_.id, context, mode);
    return {.accepted = true, .leader_hint = config_.id};
  }
  if (leader_ == kNobody) {
    decide(Reason{.cause = Cause::ReadRefusedNotLeader, .role = role_, .term = current_term()});
    return {.accepted = false, .leader_hint = kNobody};
  }
  decide(Reason{.cause = Cause::ReadForwarded, .role = role_, .other = leader_, .term = current_term()});
  send(leader_, ReadIndex{current_term(), context});
  return {.accepted = true, .leader_hint = leader_};
}

void Node::read_as_leader(Time now, NodeId from, std::uint64_t context, ReadMode mode) {
  const NodeId asker = from == config_.id ? kNobody : from;
  Reason reason{.role = role_, .peer = asker, .term = current_term(),
                .ours = {commit_index_, log_.term_at(commit_index_)}};
  if (config_.has_bug(Bug::ReadWithoutConfirmingLeadership)) {  // BUG: no round, no term check
    reason.cause = Cause::ReadIndexRecorded;
    reason.bug = Bug::ReadWithoutConfirmingLeadership;
    decide(reason);
    serve_read(from, context, commit_index_);
    return;
  }
  if (mode == ReadMode::Lease && lease_serves(now, from, context, mode)) return;
  if (begin_read_round(now)) broadcast_append();
  const bool known = committed_in_term();
  reason.cause = known ? Cause::ReadIndexRecorded : Cause::ReadWaitsForTermCommit;
  reason.count = read_round_;
  decide(reason);
  reads_unconfirmed_.push_back(PendingRead{context, from, known ? commit_index_ : 0, read_round_});
  note_read_round_answered(config_.id, read_round_);  // a cluster of one confirms at once
}

// Serves the read at once if the lease holds; else says why not (the caller runs a round).
bool Node::lease_serves(Time now, NodeId from, std::uint64_t context, ReadMode mode) {
  (void)mode;
  const NodeId asker = from == config_.id ? kNobody : from;
  // Without check-quorum nobody holds back their vote, without lease reads a restarted
  // server does not (check_quorum.cpp), and a transfer's forced election does not wait for
  // the lease: none leaves a lease to trust.
  const bool usable = config_.check_quorum && config_.lease_reads && transfer_target_ == kNobody && committed_in_term();
  if (usable && now < lease_until_) {
    const Index index = commit_index_;
    Reason reason{.cause = Cause::ReadServedInLease, .role = role_, .peer = asker, .term = current_term(),
                  .ours = {index, log_.term_at(index)}, .count = static_cast<std::uint64_t>(lease_until_ - now)};
    if (config_.has_bug(Bug::LeaseLongerThanElectionTimeout)) reason.bug = Bug::LeaseLongerThanElectionTimeout;
    decide(reason);
    serve_read(from, context, index);
    return true;
  }
  const bool expired = usable && lease_until_ != 0;
  decide(Reason{.cause = Cause::ReadLeaseExpired, .role = role_, .peer = asker, .term = current_term(),
                .count = expired ? static_cast<std::uint64_t>(now - lease_until_) : 0});
  return false;
}

// A new round, whose AppendEntries the caller sends now; false if one began at this very
// moment (it serves: its answers come from later still).
bool Node::begin_read_round(Time now) {
  if (!round_started_.empty() && round_started_.back().second == now) return false;
  ++read_round_;
  // A round older than the longest lease could give none: forget it, so that a leader
  // nobody answers keeps a bounded list.
  const Time longest = std::max(lease_duration(), 2 * config_.election_timeout_max);
  std::erase_if(round_started_, [&](const auto& round) { return round.second + longest <= now; });
  round_started_.emplace_back(read_round_, now);
  return true;
}

// A reply of our term echoing `round`: the peer followed us when it got a message sent
// after that round began. The latest round a majority answered confirms the reads
// waiting on it, and starts the lease from the moment it began.
void Node::note_read_round_answered(NodeId from, std::uint64_t round) {
  round_answered_[from] = std::max(round_answered_[from], round);
  round_answered_[config_.id] = read_round_;
  std::vector<std::uint64_t> rounds;
  for (NodeId voter : configuration_.voters) rounds.push_back(round_answered_[voter]);
  std::sort(rounds.begin(), rounds.end(), std::greater<>());
  const std::uint64_t confirmed = rounds[quorum() - 1];
  if (confirmed <= confirmed_round_) return;
  confirmed_round_ = confirmed;
  for (const auto& [number, began] : round_started_) {
    if (number == confirmed) lease_until_ = began + lease_duration();
  }
  std::erase_if(round_started_, [&](const auto& started) { return started.first < confirmed; });
  advance_reads();
}

// Reads whose index is now known (an entry of our term committed) and whose round a
// majority answered are confirmed.
void Node::advance_reads() {
  if (role_ != Role::Leader || reads_unconfirmed_.empty()) return;
  std::vector<NodeId> answered;
  for (NodeId voter : configuration_.voters) {
    if (round_answered_[voter] >= confirmed_round_) answered.push_back(voter);
  }
  std::sort(answered.begin(), answered.end());
  std::vector<PendingRead> waiting;
  for (PendingRead& pending : reads_unconfirmed_) {
    if (pending.index == 0 && committed_in_term()) pending.index = commit_index_;
    if (pending.index == 0 || pending.round > confirmed_round_) {
      waiting.push_back(pending);
      continue;
    }
    decide(Reason{.cause = Cause::ReadConfirmed, .role = role_, .peer = pending.from == config_.id ? kNobody : pending.from,
                  .term = current_term(), .ours = {pending.index, log_.term_at(pending.index)}, .count = pending.round},
           answered);
    serve_read(pending.from, pending.context, pending.index);
  }
  reads_unconfirmed_ = std::move(waiting);
}

void Node::serve_read(NodeId from, std::uint64_t context, Index index) {
  if (from == config_.id) {
    reads_unapplied_.push_back(ReadState{context, index});
  } else {
    send(from, ReadIndexReply{current_term(), context, index});
  }
}

// A new leader starts with no round answered and no lease.
void Node::reset_reads_as_leader() {
  round_answered_.assign(progress_.size(), 0);
  confirmed_round_ = read_round_;
  round_started_.clear();
  lease_until_ = 0;
}

// A leader stepping down forgets the reads it had not confirmed; their clients retry.
void Node::drop_reads() {
  if (!reads_unconfirmed_.empty()) {
    decide(Reason{.cause = Cause::ReadsDropped, .role = Role::Leader, .term = current_term(),
                  .count = reads_unconfirmed_.size()});
  }
  reads_unconfirmed_.clear();
  round_started_.clear();
  lease_until_ = 0;
}

void Node::handle_read_index(Time now, NodeId from, const ReadIndex& request) {
  if (role_ != Role::Leader) return;  // the asker's client times out and asks again
  read_as_leader(now, from, request.context, ReadMode::ReadIndex);
}

void Node::handle_read_index_reply(NodeId from, const ReadIndexReply& reply) {
  decide(Reason{.cause = Cause::ReadIndexLearned, .role = role_, .peer = from, .term = current_term(),
                .ours = {reply.index, 0}});
  reads_unapplied_.push_back(ReadState{reply.context, reply.index});
}

bool Node::committed_in_term() const {
  return commit_index_ > 0 && log_.term_at(commit_index_) == current_term();
}

// Followers wait at least the shortest election timeout on their own clocks; a clock
// running fast by the drift bound waits that share less of ours.
Time Node::lease_duration() const {
  if (config_.has_bug(Bug::LeaseLongerThanElectionTimeout)) return 2 * config_.election_timeout_max;  // BUG
  const Time timeout = config_.election_timeout_min;
  return timeout - timeout / 1'000'000 * config_.max_drift_ppm - timeout % 1'000'000 * config_.max_drift_ppm / 1'000'000;
}

bool Node::read_ready() const {
  return std::any_of(reads_unapplied_.begin(), reads_unapplied_.end(),
                     [&](const ReadState& read) { return read.index <= apply_through(); });
}

// After the entries of this Ready are applied: the reads they bring within reach.
void Node::release_applied_reads(Ready& ready) {
  std::erase_if(reads_unapplied_, [&](const ReadState& read) {
    if (read.index > last_applied_) return false;
    ready.reads.push_back(read);
    return true;
  });
}

}  // namespace raft

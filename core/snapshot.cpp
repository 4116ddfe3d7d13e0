// Log compaction and InstallSnapshot (Raft paper 7 and Figure 13; dissertation chapter 5):
// the host snapshots its state machine and the log drops what the snapshot holds; a
// leader that has dropped the entries a follower needs sends it the snapshot instead, in
// chunks; the follower stores the chunks, then installs the snapshot in place of its log.

#include <algorithm>
#include <cassert>

#include "core/node.h"

namespace raft {

bool Node::compact(Index through, std::string state_machine) {
  // Each server snapshots independently, and only what its state machine has applied
  // (dissertation 5.1): the snapshot then holds committed entries alone.
  if (through <= log_.snapshot_index() || through > last_applied_ || through > log_.last_index()) return false;
  const Index dropped = through - log_.snapshot_index();
  const Term term = log_.term_at(through);
  // The configuration in force at `through` goes into the snapshot before the log drops
  // the entries that recorded it: it may be the only record of it (5.1; chapter 4).
  Configuration configuration = configuration_at(through);
  log_.compact_through(through);
  snapshot_ = std::make_shared<const Snapshot>(
      Snapshot{SnapshotMetadata{through, term, std::move(configuration)}, std::move(state_machine)});
  forget_compacted_configurations();
  snapshot_dirty_ = true;
  restore_snapshot_ = false;  // the state machine is where the snapshot was taken
  decide(Reason{.cause = Cause::LogCompacted, .term = current_term(), .ours = {through, term}, .count = dropped});
  return true;
}

void Node::allow_snapshot_resends() {
  for (Progress& progress : progress_) progress.snapshot_chunk_in_flight = false;
}

// Leader: the next chunk of our snapshot for `peer`, from the offset it asked for last.
// One chunk at a time: new client entries do not resend it, but a heartbeat does, so a
// lost chunk costs a heartbeat interval (etcd's raft likewise pauses a peer it is
// sending a snapshot to).
void Node::send_snapshot_chunk(NodeId peer) {
  Progress& progress = progress_[peer];
  const SnapshotMetadata& metadata = snapshot_->metadata;
  if (progress.snapshot_chunk_in_flight && progress.snapshot_index == metadata.last_included_index) return;
  progress.snapshot_chunk_in_flight = true;
  if (progress.snapshot_index != metadata.last_included_index) {
    // A new transfer (or a newer snapshot since): start at the beginning.
    progress.snapshot_index = metadata.last_included_index;
    progress.snapshot_offset = 0;
    decide(Reason{.cause = Cause::SnapshotSendStarted, .peer = peer, .term = current_term(),
                  .theirs = {progress.next_index, 0},
                  .ours = {metadata.last_included_index, metadata.last_included_term},
                  .count = snapshot_->data.size()});
  }
  const std::string& data = snapshot_->data;
  const std::uint64_t offset = std::min<std::uint64_t>(progress.snapshot_offset, data.size());
  const std::size_t length = std::min<std::size_t>(config_.snapshot_chunk_bytes, data.size() - offset);
  send(peer, InstallSnapshot{.term = current_term(),
                             .leader = config_.id,
                             .last_included_index = metadata.last_included_index,
                             .last_included_term = metadata.last_included_term,
                             .configuration = metadata.configuration,
                             .offset = offset,
                             .data = data.substr(offset, length),
                             .done = offset + length == data.size()});
}

// InstallSnapshot receiver (Figure 13), steps 1-8.
void Node::handle_install_snapshot(Time now, NodeId from, const InstallSnapshot& request) {
  InstallSnapshotReply reply{.term = current_term(), .last_included_index = request.last_included_index};
  Reason& reason = reply.reason;
  reason = Reason{.peer = request.leader, .term = current_term(),
                  .theirs = {request.last_included_index, request.last_included_term}};
  // 1. Reply immediately if term < currentTerm.
  if (request.term < current_term()) {
    reason.cause = Cause::SnapshotRejectedStaleTerm;
    reason.their_term = request.term;
    decide(reason);
    send(from, std::move(reply));
    return;
  }
  // The sender leads our term: a candidate steps down, and the election timer restarts (5.2).
  if (role_ == Role::Candidate || role_ == Role::PreCandidate) {
    decide(Reason{.cause = Cause::LeaderOfTermFound,
                  .role = role_ == Role::PreCandidate ? Role::PreCandidate : Role::Follower,
                  .peer = request.leader, .term = current_term()});
  }
  assert(role_ != Role::Leader && "two leaders in one term");
  become_follower(now, request.term, request.leader);
  leader_heard_at_ = now;  // the lease of check-quorum counts from here (dissertation 6.2)
  reset_election_timer(now, Cause::TimerResetBySnapshot, request.leader);
  // A snapshot of what we have committed already brings nothing (etcd's raft does the same).
  if (request.last_included_index <= commit_index_) {
    incoming_.reset();
    reason.cause = Cause::SnapshotAlreadyCovered;
    reason.ours = {commit_index_, log_.term_at(commit_index_)};
    decide(reason);
    reply.installed = true;
    reply.match_index = request.last_included_index;
    send(from, std::move(reply));
    return;
  }
  // 2-4. Store the chunk; reply and wait for more unless it is the last.
  if (!store_chunk(request, reply) || !request.done) {
    decide(reason);
    send(from, std::move(reply));
    return;
  }
  // 5-8. Save the snapshot, trim or discard the log, reset the state machine.
  install_snapshot(request, reply);
  decide(reason);
  send(from, std::move(reply));
}

// Figure 13, steps 2-4: a chunk at offset 0 begins a new snapshot; any other chunk must
// continue the one being received exactly where it ends. False if the chunk was ignored.
bool Node::store_chunk(const InstallSnapshot& request, InstallSnapshotReply& reply) {
  Reason& reason = reply.reason;
  const bool same_snapshot = incoming_ && incoming_->metadata.last_included_index == request.last_included_index &&
                             incoming_->metadata.last_included_term == request.last_included_term &&
                             incoming_->term == request.term;
  if (request.offset == 0) {
    incoming_ = IncomingSnapshot{
        SnapshotMetadata{request.last_included_index, request.last_included_term, request.configuration},
        request.leader, request.term, {}};
  } else if (!same_snapshot || request.offset != incoming_->data.size()) {
    // A duplicate, a reordered chunk, or one whose beginning we lost in a restart.
    reply.next_offset = same_snapshot ? incoming_->data.size() : 0;
    reason.cause = Cause::SnapshotChunkOutOfOrder;
    reason.count = reply.next_offset;
    return false;
  }
  incoming_->data += request.data;
  reply.next_offset = incoming_->data.size();
  reason.cause = Cause::SnapshotChunkStored;
  reason.count = reply.next_offset;
  return true;
}

// Figure 13, steps 5-8 (the done chunk is stored in incoming_).
void Node::install_snapshot(const InstallSnapshot& request, InstallSnapshotReply& reply) {
  Reason& reason = reply.reason;
  const Index index = request.last_included_index;
  const Term term = request.last_included_term;
  reason.ours = {log_.last_index(), log_.last_term()};
  // 6. If an existing log entry has the same index and term as the snapshot's last
  //    included entry, retain the log entries following it; 7. else discard the entire log.
  if (log_.matches(index, term)) {
    reason.cause = Cause::SnapshotInstalledKeptLog;
    log_.compact_through(index);
  } else {
    reason.cause = Cause::SnapshotInstalled;
    reason.count = log_.last_index() - log_.snapshot_index();
    log_.reset_to_snapshot(index, term);
  }
  // 5. Save the snapshot, discarding any older one.
  snapshot_ = std::make_shared<const Snapshot>(Snapshot{std::move(incoming_->metadata), std::move(incoming_->data)});
  incoming_.reset();
  snapshot_dirty_ = true;
  // 8. Reset the state machine using the snapshot's contents (the host does, in step 3).
  restore_snapshot_ = true;
  commit_index_ = std::max(commit_index_, index);
  last_applied_ = index;
  reload_configuration_after_snapshot();  // the snapshot's configuration, or a newer one kept in the log (5.1)
  // The durable log after the snapshot is rewritten from what we kept, whatever the disk
  // held past it: persisted_last_index_ is unknown, so the next Ready writes the log.
  first_unpersisted_index_ = index + 1;
  persisted_last_index_ = static_cast<Index>(-1);
  reply.installed = true;
  reply.match_index = index;
}

// Leader: a chunk arrived, or the whole snapshot was installed.
void Node::handle_install_snapshot_reply(Time /*now*/, NodeId from, const InstallSnapshotReply& reply) {
  if (role_ != Role::Leader || reply.term != current_term()) return;
  Progress& peer = progress_[from];
  if (reply.installed) {
    if (reply.match_index > peer.match_index) {
      decide(Reason{.cause = Cause::SnapshotDelivered, .peer = from, .term = current_term(),
                    .theirs = {reply.match_index, log_.term_at(reply.match_index)}});
    }
    peer.snapshot_index = 0;
    peer.snapshot_offset = 0;
    peer.snapshot_chunk_in_flight = false;
    peer.match_index = std::max(peer.match_index, reply.match_index);
    peer.next_index = std::max(peer.next_index, peer.match_index + 1);
    maybe_commit();
    if (peer.next_index <= log_.last_index()) send_append(from);
    maybe_send_timeout_now(from);  // a transfer's target that has caught up (3.10)
    return;
  }
  // A reply about another snapshot than the one being sent, or no news: wait for the
  // heartbeat to resend the current chunk.
  if (reply.last_included_index != peer.snapshot_index || reply.next_offset == peer.snapshot_offset) return;
  peer.snapshot_offset = reply.next_offset;
  peer.snapshot_chunk_in_flight = false;
  if (needs_snapshot(peer)) send_snapshot_chunk(from);
}

}  // namespace raft

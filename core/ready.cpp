// The Ready contract (docs/architecture.md; etcd-io/raft's rawnode): what changed since the
// host last asked, handed over in the order the host must carry it out: persist the hard
// state and the log (Figure 2, "Persistent state"), then send, then apply (5.3).

#include "core/node.h"

#include <algorithm>
#include <cassert>

namespace raft {

void Node::set_hard_state(Term term, NodeId voted_for) {
  assert(term >= current_term());
  assert(term > current_term() || voted_for == hard_state_.voted_for || hard_state_.voted_for == kNobody ||
         config_.has_bug(Bug::VoteTwice));
  hard_state_ = HardState{term, voted_for};
  hard_state_dirty_ = true;
}

void Node::append_to_log(LogEntry entry) {
  log_.append(std::move(entry));
  if (is_configuration(log_.at(log_.last_index()))) note_configuration_appended(log_.last_index(), log_.at(log_.last_index()));
}

void Node::truncate_log_after(Index keep_through) {
  keep_through = std::max(keep_through, log_.snapshot_index());  // a snapshot is never truncated
  // A committed entry is never removed (5.4). No assertion here: a faulty peer (core/bugs.h)
  // can make a correct server break it, and the host's checker reports that as a violation.
  log_.truncate_after(keep_through);
  if (configuration_index() > keep_through) note_configuration_truncated(keep_through);  // (4.1)
  if (config_.has_bug(Bug::TruncationNotPersisted)) return;  // BUG: the host never hears of it
  first_unpersisted_index_ = std::min(first_unpersisted_index_, keep_through + 1);
}

void Node::send(NodeId to, Payload payload) {
  outbox_.push_back(Message{config_.id, to, std::move(payload)});
}

bool Node::has_ready() const {
  return hard_state_dirty_ || snapshot_dirty_ || first_unpersisted_index_ <= log_.last_index() ||
         persisted_last_index_ != log_.last_index() || !outbox_.empty() || last_applied_ < apply_through() ||
         !decisions_.empty() || read_ready();
}

Ready Node::take_ready() {
  Ready ready;
  if (hard_state_dirty_) {
    ready.hard_state = hard_state_;
    hard_state_dirty_ = false;
    // BUG (VoteNotPersisted): only a vote for ourselves reaches the disk.
    if (config_.has_bug(Bug::VoteNotPersisted) && hard_state_.voted_for != config_.id) ready.hard_state->voted_for = kNobody;
  }
  if (snapshot_dirty_) {
    // Persisted before the log write: the write's keep_through never reaches below it.
    ready.snapshot = snapshot_;
    ready.restore_snapshot = restore_snapshot_;
    snapshot_dirty_ = restore_snapshot_ = false;
  }
  if (first_unpersisted_index_ <= log_.last_index() || persisted_last_index_ != log_.last_index()) {
    const Index keep_through = std::max(std::min(first_unpersisted_index_ - 1, log_.last_index()), log_.snapshot_index());
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
  release_applied_reads(ready);
  return ready;
}

}  // namespace raft

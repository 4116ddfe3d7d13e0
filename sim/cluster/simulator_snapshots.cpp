// The host's side of log compaction and InstallSnapshot (dissertation chapter 5): when a
// node snapshots its state machine (the snapshot-every threshold, or `snapshot NODE`),
// persisting a snapshot before the log write that follows it, and resetting a state
// machine to a leader's snapshot before applying the entries after it.
#include "sim/client/state_machine.h"
#include "sim/cluster/simulator.h"

namespace sim {

bool Simulator::snapshot(NodeId id) {
  if (!nodes_[id].raft) return false;
  begin(RecordKind::Snapshot, id).reason = "told to snapshot";
  track(id);
  const bool taken = take_snapshot(id);
  if (!taken) current_.reason = "nothing applied since its last snapshot";
  finish();
  return taken;
}

void Simulator::set_snapshot_every(std::uint64_t entries) { config_.snapshot_every = entries; }

void Simulator::maybe_snapshot(NodeId id) {
  const raft::Node& node = *nodes_[id].raft;
  if (config_.snapshot_every == 0 || node.last_applied() < node.log().snapshot_index() + config_.snapshot_every) return;
  take_snapshot(id);
}

bool Simulator::take_snapshot(NodeId id) {
  SimNode& node = nodes_[id];
  const Index through = node.raft->last_applied();
  // The ghost line: which committed prefix this state was built from (for the checker).
  // The sessions are part of the state (dissertation 6.3) ...
  const SessionTable forgotten;
  const bool forget_sessions = node.bugs.has(raft::Bug::ForgetSessionsOnSnapshot);  // BUG: ... unless forgotten
  std::string data = encode_state_machine(node.kv, forget_sessions ? forgotten : node.sessions, node.storage.prefix_hash(through));
  if (!node.raft->compact(through, std::move(data))) return false;
  ++stats_.snapshots_taken;
  process_ready(id);  // persists the snapshot (the log after it is unchanged)
  return true;
}

void Simulator::persist_snapshot(NodeId id, const raft::Ready& ready) {
  SimNode& node = nodes_[id];
  // A leader's snapshot brings a prefix this node may never have held: its ghost (the
  // checker's hashes) comes from the sender's storage.
  const Storage* source = nullptr;
  if (ready.restore_snapshot && node.raft->leader() != 0) source = &nodes_[node.raft->leader()].storage;
  node.storage.save_snapshot(ready.snapshot, source);
}

void Simulator::restore_state_machine(NodeId id, const raft::Snapshot& snapshot) {
  SimNode& node = nodes_[id];
  ++stats_.snapshots_installed;
  const auto decoded = decode_state_machine(snapshot.data);
  if (config_.check_invariants) {
    report(checker_.on_restore(id, snapshot.metadata.last_included_index, decoded ? decoded->prefix_hash : 0));
  }
  node.kv = decoded ? decoded->map : KeyValueMap{};
  node.sessions = decoded ? decoded->sessions : SessionTable{};
  // Writes pending at the indexes the snapshot replaced are decided: committed there,
  // but this node cannot tell whose entry it was; the client's retries learn the outcome.
  for (auto pending = node.pending_writes.begin(); pending != node.pending_writes.end();) {
    if (pending->first > snapshot.metadata.last_included_index) break;
    operations_.mutable_at(pending->second.operation - 1).ambiguous = true;
    auto [first, last] = node.pending_by_operation.equal_range(pending->second.operation);
    node.pending_by_operation.erase(first, last);
    pending = node.pending_writes.erase(pending);
  }
}

}  // namespace sim

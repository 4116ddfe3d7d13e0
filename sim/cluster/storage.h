// A node's durable storage: what survives a crash. Its latest snapshot, and the log
// entries after it (dissertation 5.1: the snapshot replaces the log's prefix).
//
// For the invariant checker, the storage also keeps a "ghost" record per index that no
// real server would store: the term of each entry and a hash of the whole log prefix up
// to it, so prefixes compare in O(1). The ghost survives compaction (a compacted prefix
// is still checked against what the cluster committed); a snapshot installed from a
// leader takes the ghost of the leader's prefix with it.
// All are kept in shared chunks (core/chunked_vector.h): a copy of a Storage (a GUI
// checkpoint) shares every unchanged entry with the original.
#pragma once

#include <cstdint>
#include <vector>

#include "core/chunked_vector.h"
#include "core/node.h"

namespace sim {

std::uint64_t chain_hash(std::uint64_t previous, const raft::LogEntry& entry);

class Storage {
 public:
  void save(const raft::HardState& hard_state) { hard_state_ = hard_state; }
  // Persists a snapshot and drops the durable log through its last entry; the entries
  // after it stay only if the log holds that entry with the same term (Figure 13, 6-7).
  // `ghost_source`: where the ghost of a prefix this storage never held comes from (the
  // leader that sent the snapshot); null for a node's own compaction.
  void save_snapshot(const raft::SharedSnapshot& snapshot, const Storage* ghost_source);
  void write(const raft::LogWrite& write);

  // Where the newest configuration entry of the durable log is (0: none): with the log, the
  // configuration is part of what a node persists (dissertation 4.1). With none after the
  // snapshot, the snapshot's metadata holds the configuration in force (5.1).
  raft::Index configuration_index() const { return configuration_indexes_.empty() ? 0 : configuration_indexes_.back(); }
  raft::PersistentState load() const { return {hard_state_, log_.to_vector(), snapshot_}; }
  const raft::HardState& hard_state() const { return hard_state_; }
  const raft::SharedSnapshot& snapshot() const { return snapshot_; }
  raft::Index snapshot_index() const { return snapshot_ ? snapshot_->metadata.last_included_index : 0; }
  raft::Term snapshot_term() const { return snapshot_ ? snapshot_->metadata.last_included_term : 0; }
  // The durable entries after the snapshot: entry(first_index()) is log()[0].
  const raft::LogEntries& log() const { return log_; }
  raft::Index first_index() const { return snapshot_index() + 1; }
  raft::Index last_index() const { return snapshot_index() + log_.size(); }
  // Precondition: first_index() <= index <= last_index().
  const raft::LogEntry& entry(raft::Index index) const { return log_[index - first_index()]; }
  // The term at `index` (0 for index 0); compacted entries' terms come from the ghost.
  // Precondition: index <= last_index().
  raft::Term term_at(raft::Index index) const { return index == 0 ? 0 : term_[index - 1]; }
  // Hash of entries 1..index (0 for the empty prefix). Precondition: index <= last_index().
  std::uint64_t prefix_hash(raft::Index index) const { return index == 0 ? 0 : prefix_hash_[index - 1]; }

 private:
  raft::HardState hard_state_;
  raft::SharedSnapshot snapshot_;
  raft::LogEntries log_;
  // Ghost, per index 1..last_index(): the checker's, never read by the node.
  raft::ChunkedVector<std::uint64_t> prefix_hash_;
  raft::ChunkedVector<raft::Term> term_;
  std::vector<raft::Index> configuration_indexes_;  // ascending
};

}  // namespace sim

// A node's durable storage: what survives a crash. Each entry also keeps a hash of the
// whole log prefix up to it, so the invariant checker compares prefixes in O(1).
// Both are kept in shared chunks (core/chunked_vector.h): a copy of a Storage (a GUI
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
  void write(const raft::LogWrite& write);

  // Where the newest configuration entry of the durable log is (0: none): with the log, the
  // configuration is part of what a node persists (dissertation 4.1).
  raft::Index configuration_index() const { return configuration_indexes_.empty() ? 0 : configuration_indexes_.back(); }
  raft::PersistentState load() const { return {hard_state_, log_.to_vector()}; }
  const raft::HardState& hard_state() const { return hard_state_; }
  const raft::LogEntries& log() const { return log_; }
  raft::Index last_index() const { return log_.size(); }
  // Hash of entries 1..index (0 for the empty prefix). Precondition: index <= last_index().
  std::uint64_t prefix_hash(raft::Index index) const { return index == 0 ? 0 : prefix_hash_[index - 1]; }

 private:
  raft::HardState hard_state_;
  raft::LogEntries log_;
  raft::ChunkedVector<std::uint64_t> prefix_hash_;
  std::vector<raft::Index> configuration_indexes_;  // ascending
};

}  // namespace sim

// A snapshot of the state machine (Raft paper 7; dissertation 5.1-5.3): the state after
// applying entries 1..last_included_index, plus what the log needs to go on after it.
// The data is opaque to the core: the host's state machine writes and reads it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/configuration.h"
#include "core/types.h"

namespace raft {

struct SnapshotMetadata {
  Index last_included_index = 0;  // the last entry the snapshot replaces
  Term last_included_term = 0;    // and its term
  // The configuration in force at last_included_index, voters and learners (dissertation
  // 5.1: a snapshot carries the latest configuration it replaced, which may be the only
  // record of the configuration in force once the log's prefix is dropped).
  Configuration configuration;
  friend bool operator==(const SnapshotMetadata&, const SnapshotMetadata&) = default;
};

struct Snapshot {
  SnapshotMetadata metadata;
  std::string data;  // the state machine, as the host encoded it
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

// Snapshots are shared, not copied: a node, its Ready and the host's storage may all
// hold the same one, and checkpoints of the node copy only the pointer.
using SharedSnapshot = std::shared_ptr<const Snapshot>;

// A follower's snapshot in transfer: the chunks received so far (Figure 13, steps 2-4).
struct IncomingSnapshot {
  SnapshotMetadata metadata;
  NodeId leader = kNobody;
  Term term = 0;
  std::string data;
};

}  // namespace raft

// What the simulator reports about each thing that happens: the raw material of the
// trace (JSON Lines), the timeline and the GUI's event log.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/cluster/envelope.h"

namespace sim {

enum class RecordKind : std::uint8_t {
  Deliver,      // a message reached a live node (or the client)
  Drop,         // a message vanished: lost, cut link, partition, or its target crashed
  Timeout,      // a node's election timer fired
  Heartbeat,    // a leader's heartbeat timer fired
  ClientWrite,  // the client began a write
  ClientRetry,  // the client resent or gave up on a write
  Crash,
  Restart,
  Network,      // partition, isolate, cut, heal, loss/latency/duplication change
  Campaign,     // a node was told to start an election now
  Timers,       // election timers overridden (align, spread, set)
  DropMessage,  // a chosen message was dropped by hand
  Say,          // narration from a scenario
  Transfer,     // a leader was asked to hand leadership to `node` (dissertation 3.10)
  Snapshot,     // a node was told to snapshot its state machine now
  Membership,   // a membership change asked of the leader: add, promote, remove
};

const char* record_kind_name(RecordKind kind);

// The externally visible state of one node, compared before and after each event.
struct NodeSummary {
  bool up = false;
  raft::Role role = raft::Role::Follower;
  Term term = 0;
  NodeId voted_for = 0;
  NodeId leader = 0;
  Index last_index = 0;
  Index commit_index = 0;
  friend bool operator==(const NodeSummary&, const NodeSummary&) = default;
};

struct NodeChange {
  NodeId node = 0;
  NodeSummary before;
  NodeSummary after;
  // Entries removed from the node's log because they conflicted with the leader's
  // (0, 0 if none). New entries may have taken their place: the length can stay the same.
  Index removed_from = 0;
  Index removed_to = 0;
  friend bool operator==(const NodeChange&, const NodeChange&) = default;
};

// Why a node did what it did during an event, decided by its core (core/reason.h).
struct NodeDecision {
  NodeId node = 0;
  raft::Decision decision{};
  friend bool operator==(const NodeDecision&, const NodeDecision&) = default;
};

struct Record {
  std::uint64_t sequence = 0;  // 1, 2, 3, ... over the whole run
  Time time = 0;
  RecordKind kind = RecordKind::Deliver;
  NodeId node = 0;             // the node acted on (0: none / the client)
  NodeId from = 0;             // for messages
  NodeId to = 0;
  std::uint64_t message_id = 0;
  std::optional<Envelope> message;
  std::string reason;          // why a drop happened, what a fault did, narration text
  std::vector<NodeChange> changes;
  std::vector<NodeDecision> decisions;  // in the order the nodes made them
  friend bool operator==(const Record&, const Record&) = default;
};

}  // namespace sim

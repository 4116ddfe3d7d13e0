// The simulated network: who can reach whom (partitions, one-way cuts), how long a
// message takes (uniform latency), and how often it is lost or duplicated. Reordering
// follows from latency. Probabilities are integers in parts per million.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "sim/cluster/envelope.h"

namespace sim {

inline constexpr std::uint32_t kMillion = 1'000'000;

struct NetworkSettings {
  Time latency_min = 1 * raft::kMillisecond;
  Time latency_max = 10 * raft::kMillisecond;
  std::uint32_t loss_ppm = 0;
  std::uint32_t duplicate_ppm = 0;
  // One direction of one link with a latency of its own (`latency A -> B MIN MAX`),
  // which the global range above does not change.
  std::map<std::pair<NodeId, NodeId>, std::pair<Time, Time>> link_latency;
};

// Raft messages counted by kind (envelope.h's rpc kinds) and by the node at either end,
// as sent and as delivered (a message lost or cut off is sent, not delivered; a
// duplicate is delivered twice). What `expect messages ...` reads.
class MessageCounts {
 public:
  explicit MessageCounts(int nodes = 0) : by_node_(static_cast<std::size_t>(nodes) + 1) {}
  void count(bool delivered, NodeId from, NodeId to, int kind);
  // Messages of `kind` (-1: every kind) from `from`, or to `to` (0: any node; at most one
  // of the two is given).
  std::uint64_t total(bool delivered, int kind, NodeId from, NodeId to) const;

 private:
  using PerKind = std::array<std::uint64_t, kRpcKinds>;
  struct NodeCounts {
    PerKind sent_from{}, sent_to{}, delivered_from{}, delivered_to{};
  };
  std::vector<NodeCounts> by_node_;  // index 0: the sums over every node (as sender)
};

// Reachability between nodes. The client reaches every node: partitions split the
// cluster, not its clients.
class Topology {
 public:
  explicit Topology(int nodes = 0) : group_(static_cast<std::size_t>(nodes) + 1, 0) {}

  bool can_reach(NodeId from, NodeId to) const {
    if (from == kClient || to == kClient) return true;
    return group_[from] == group_[to] && !cut_.contains({from, to});
  }

  // Splits the cluster into `groups`; nodes not named form one more group together.
  void partition(const std::vector<std::vector<NodeId>>& groups);
  // Puts `node` alone in a group of its own; the others keep their groups.
  void isolate(NodeId node);
  // Messages from `from` to `to` are lost; the other direction still works.
  void cut(NodeId from, NodeId to) { cut_.insert({from, to}); }
  // Undoes `node`'s isolation only: it rejoins the main group (group 0, the nodes no
  // partition named) and its one-way cuts are gone; other nodes stay where they are.
  void connect(NodeId node);
  void heal();

  int group_of(NodeId node) const { return group_[node]; }
  const std::set<std::pair<NodeId, NodeId>>& cuts() const { return cut_; }
  bool is_partitioned() const;
  int size() const { return static_cast<int>(group_.size()) - 1; }

 private:
  std::vector<int> group_;  // group number per node; 0 = the main group
  std::set<std::pair<NodeId, NodeId>> cut_;
};

}  // namespace sim

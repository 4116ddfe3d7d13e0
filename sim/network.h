// The simulated network: who can reach whom (partitions, one-way cuts), how long a
// message takes (uniform latency), and how often it is lost or duplicated. Reordering
// follows from latency. Probabilities are integers in parts per million.
#pragma once

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "sim/envelope.h"

namespace sim {

inline constexpr std::uint32_t kMillion = 1'000'000;

struct NetworkSettings {
  Time latency_min = 1 * raft::kMillisecond;
  Time latency_max = 10 * raft::kMillisecond;
  std::uint32_t loss_ppm = 0;
  std::uint32_t duplicate_ppm = 0;
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

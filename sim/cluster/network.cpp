#include "sim/cluster/network.h"

#include <algorithm>

namespace sim {

void Topology::partition(const std::vector<std::vector<NodeId>>& groups) {
  // Nodes not named stay together in group 0; the named groups are 1, 2, ...
  std::fill(group_.begin(), group_.end(), 0);
  int number = 0;
  for (const auto& group : groups) {
    ++number;
    for (NodeId node : group) group_[node] = number;
  }
}

void Topology::isolate(NodeId node) {
  group_[node] = 1 + *std::max_element(group_.begin(), group_.end());
}

void Topology::connect(NodeId node) {
  group_[node] = 0;
  std::erase_if(cut_, [node](const std::pair<NodeId, NodeId>& link) { return link.first == node || link.second == node; });
}

void MessageCounts::count(bool delivered, NodeId from, NodeId to, int kind) {
  if (kind < 0) return;
  const auto k = static_cast<std::size_t>(kind);
  NodeCounts& sender = by_node_[from];
  NodeCounts& receiver = by_node_[to];
  ++(delivered ? sender.delivered_from : sender.sent_from)[k];
  ++(delivered ? receiver.delivered_to : receiver.sent_to)[k];
  ++(delivered ? by_node_[0].delivered_from : by_node_[0].sent_from)[k];
}

std::uint64_t MessageCounts::total(bool delivered, int kind, NodeId from, NodeId to) const {
  const NodeCounts& counts = by_node_[from != 0 ? from : to];
  const PerKind& row = from != 0 || to == 0 ? (delivered ? counts.delivered_from : counts.sent_from)
                                            : (delivered ? counts.delivered_to : counts.sent_to);
  if (kind >= 0) return row[static_cast<std::size_t>(kind)];
  std::uint64_t sum = 0;
  for (const std::uint64_t count : row) sum += count;
  return sum;
}

void Topology::heal() {
  std::fill(group_.begin(), group_.end(), 0);
  cut_.clear();
}

bool Topology::is_partitioned() const {
  if (!cut_.empty()) return true;
  for (std::size_t node = 2; node < group_.size(); ++node) {
    if (group_[node] != group_[1]) return true;
  }
  return false;
}

}  // namespace sim

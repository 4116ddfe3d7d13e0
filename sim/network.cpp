#include "sim/network.h"

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

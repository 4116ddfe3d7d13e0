// Membership changes in the simulator (dissertation chapter 4): asking the leader for a
// single-server change, and reading the configuration a class sees on the ring.
#include "sim/cluster/simulator.h"

namespace sim {

std::optional<raft::ChangeResult> Simulator::change_membership(raft::ConfigurationChange change) {
  Record& record = begin(RecordKind::Membership, change.node);
  record.reason = std::string(raft::change_verb(change.kind)) + " n" + std::to_string(change.node);
  std::optional<NodeId> asked = leader();
  if (!asked) {
    // A leader cut off in a minority still appends (and never commits): ask the newest.
    for (NodeId candidate : leaders()) {
      if (!asked || node(candidate).current_term() > node(*asked).current_term()) asked = candidate;
    }
  }
  if (!asked) {
    record.reason += ": no leader to ask";
    finish();
    return std::nullopt;
  }
  record.reason += " (asked of n" + std::to_string(*asked) + ")";
  track(*asked);
  const raft::ChangeResult result = nodes_[*asked].raft->propose_change(now_, change);
  process_ready(*asked);
  finish();
  return result;
}

raft::Configuration Simulator::initial_configuration() const {
  raft::Configuration initial;
  for (NodeId node = 1; node <= static_cast<NodeId>(config_.nodes - config_.spares); ++node) initial.voters.push_back(node);
  return initial;
}

raft::Configuration Simulator::configuration_of(NodeId node) const {
  if (nodes_[node].raft) return nodes_[node].raft->configuration();
  const Storage& storage = nodes_[node].storage;
  const Index index = storage.configuration_index();
  if (index != 0) return raft::decode_configuration(storage.entry(index).command).value_or(initial_configuration());
  // No configuration entry in the durable log: the snapshot's metadata holds the one in
  // force at its last entry (dissertation 5.1), else the initial one holds.
  if (storage.snapshot()) return storage.snapshot()->metadata.configuration;
  return initial_configuration();
}

raft::Configuration Simulator::configuration() const {
  if (const std::optional<NodeId> working = leader()) return node(*working).configuration();
  NodeId newest = 0;
  for (NodeId id = 1; id < nodes_.size(); ++id) {
    if (!nodes_[id].raft) continue;
    const raft::Node& raft = *nodes_[id].raft;
    if (newest == 0 || raft.configuration_index() > node(newest).configuration_index()) newest = id;
  }
  return newest == 0 ? initial_configuration() : node(newest).configuration();
}

}  // namespace sim

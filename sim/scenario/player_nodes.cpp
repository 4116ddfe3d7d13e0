// The scenario player's node expressions (docs/scenarios.md, "Node expressions"):
// resolved when a command runs, random picks drawn from the run's seed, names bound.
#include <algorithm>

#include "sim/scenario/player.h"

namespace sim {

using raft::Role;

bool ScenarioPlayer::known_client(const Command& command) {
  const std::uint32_t clients = simulator_.config().client.clients;
  if (command.client <= clients) return true;
  fail(command, "a client from 1 to " + std::to_string(clients),
       "client " + std::to_string(command.client) + " (declare more first: clients " + std::to_string(command.client) + ")");
  return false;
}

std::optional<NodeId> ScenarioPlayer::resolve(const Command& command, const NodeRef& ref) {
  std::optional<NodeId> node;
  switch (ref.kind) {
    case NodeRef::Kind::Id: node = ref.id; break;
    case NodeRef::Kind::Named:
      node = node_of(ref);
      if (!node) fail(command, "a node bound to " + text_of(ref), text_of(ref) + " is not bound: the line binding it was skipped");
      break;
    case NodeRef::Kind::Leader:
      node = simulator_.leader();
      if (!node) fail(command, "a leader", "there is no leader");
      break;
    default: node = pick(command, ref); break;
  }
  if (!node) return std::nullopt;
  picked_.push_back(*node);
  if (ref.bind >= 0) bound_[static_cast<std::size_t>(ref.bind)] = *node;
  return node;
}

std::optional<NodeId> ScenarioPlayer::pick(const Command& command, const NodeRef& ref) {
  const Simulator& sim = simulator_;
  std::vector<NodeId> candidates;
  for (NodeId node = 1; node <= static_cast<NodeId>(sim.size()); ++node) {
    if (std::find(picked_.begin(), picked_.end(), node) != picked_.end()) continue;  // one node, one role per command
    const bool up = sim.is_up(node);
    const Role wanted = ref.kind == NodeRef::Kind::RandomLeader ? Role::Leader : Role::Follower;
    const bool qualifies = ref.kind == NodeRef::Kind::Random          ? true
                           : ref.kind == NodeRef::Kind::RandomUp      ? up
                           : ref.kind == NodeRef::Kind::RandomCrashed ? !up
                                                                      : up && sim.node(node).role() == wanted;
    if (qualifies) candidates.push_back(node);
  }
  const std::string what = text_of(ref);
  if (candidates.empty()) {
    // Nothing to pick (no crashed node to restart, say): the command is skipped, as a
    // course test's "if any is down, restart one" does nothing when none is.
    info(command.text + ": skipped, no node qualifies as '" + what + "'");
    return std::nullopt;
  }
  const NodeId chosen = candidates[choices_.below(candidates.size())];
  info(command.text + ": " + what + " is " + node_name(chosen) + " (of" + listed(candidates) + ")");
  return chosen;
}

std::optional<NodeId> ScenarioPlayer::node_of(const NodeRef& ref) const {
  if (ref.kind == NodeRef::Kind::Id) return ref.id;
  if (ref.kind == NodeRef::Kind::Named) return bound_[static_cast<std::size_t>(ref.name)];
  return std::nullopt;
}

void ScenarioPlayer::info(const std::string& text) {
  notes_.push_back(Note{Note::Kind::Info, simulator_.now(), current_command() ? current_command()->location : SourceLocation{},
                        text, "", "", "", simulator_.record_count()});
}

}  // namespace sim

// Faults and teaching actions, carried out at the current virtual time between events:
// crashes and restarts, campaigns and timer tricks, partitions, cuts and network settings.
#include <algorithm>

#include "sim/cluster/simulator.h"
#include "sim/scenario/scenario.h"  // format_duration

namespace sim {

using raft::Role;

namespace {

// 200000 ppm -> "20%", 5000 -> "0.5%", as a scenario writes it.
std::string format_percent(std::uint32_t ppm) {
  std::string text = std::to_string(ppm / 10000);
  if (const std::uint32_t fraction = ppm % 10000; fraction != 0) {
    std::string decimals = std::to_string(fraction);
    decimals.insert(0, 4 - decimals.size(), '0');
    while (decimals.back() == '0') decimals.pop_back();
    text += "." + decimals;
  }
  return text + "%";
}

}  // namespace

void Simulator::crash(NodeId id) {
  SimNode& node = nodes_[id];
  if (!node.raft) return;
  begin(RecordKind::Crash, id).reason = "volatile state lost; term, vote and log kept";
  track(id);
  // Volatile state is gone; storage stays.
  node.raft.reset();
  node.kv.clear();
  node.sessions.clear();
  for (const auto& [index, pending] : node.pending_writes) operations_.mutable_at(pending.operation - 1).ambiguous = true;
  node.pending_writes.clear();
  node.pending_by_operation.clear();
  node.answered.clear();
  node.reads_waiting.clear();
  ++node.incarnation;
  node.timer_at = -1;
  drop_in_flight_of(id, "node crashed");
  finish();
}

void Simulator::restart(NodeId id) {
  SimNode& node = nodes_[id];
  if (node.raft) return;
  begin(RecordKind::Restart, id).reason = "recovered term " + std::to_string(node.storage.hard_state().current_term) +
                                           ", vote and " + std::to_string(node.storage.last_index()) + " log entries" +
                                           (node.storage.snapshot_index() > 0
                                                ? " (a snapshot through " + std::to_string(node.storage.snapshot_index()) + ")"
                                                : "");
  track(id);
  // Recover exactly what was persisted, through the same path as a fresh start.
  node.raft.emplace(node_config(id), node.storage.load(), node_time(id));
  checker_.on_restart(id);
  // The state machine restarts from the snapshot; the entries after it are applied again
  // as the node learns they are committed (dissertation 5.1).
  if (node.storage.snapshot()) restore_state_machine(id, *node.storage.snapshot());
  arm_timer(id);
  finish();
}

void Simulator::campaign(NodeId id) {
  if (!nodes_[id].raft) return;
  begin(RecordKind::Campaign, id);
  track(id);
  nodes_[id].raft->campaign(node_time(id));
  process_ready(id);
  finish();
}

void Simulator::time_out(NodeId id) {
  if (!nodes_[id].raft) return;
  raft::Node& node = *nodes_[id].raft;
  const Time at = node_time(id);
  Record& record = begin(RecordKind::Timers, id);
  if (node.role() == Role::Leader) {
    record.reason = "election timer not run out: a leader runs none";
  } else if (node.in_lease(at)) {
    // Its lease is a promise the leader's lease reads rely on (6.4.1): no election before it ends.
    record.reason = "election timer not run out: it heard from leader n" + std::to_string(node.leader()) +
                    " within the shortest election timeout (check-quorum's lease)";
  } else {
    record.reason = "election timer runs out now";
    track(id);
    // As if started one timeout ago: it is due now, and its reason says how long it waited.
    node.restart_election_timer(at - node.election_timeout(), node.election_timeout());
    arm_timer(id);
  }
  finish();
}

std::optional<NodeId> Simulator::transferring_leader() const {
  if (const auto working = leader()) return working;
  std::optional<NodeId> newest;
  for (NodeId id : leaders()) {
    if (!newest || node(id).current_term() > node(*newest).current_term()) newest = id;
  }
  return newest;
}

// The host knows which servers are down; the core knows the rest (core/leadership_transfer.cpp).
std::string Simulator::transfer(NodeId target) {
  Record& record = begin(RecordKind::Transfer, target);
  const std::optional<NodeId> from = transferring_leader();
  const std::string to = "n" + std::to_string(target);
  if (!from) {
    record.reason = "refused: no leader to hand leadership to " + to + " from";
  } else if (target < 1 || target > static_cast<NodeId>(config_.nodes)) {
    record.reason = "refused: there is no " + to + " in this cluster of " + std::to_string(config_.nodes);
  } else if (!is_up(target)) {
    record.reason = "refused: " + to + " is down, and a crashed server cannot take over";
  } else {
    track(*from);
    const raft::Reason why = nodes_[*from].raft->transfer_leadership(node_time(*from), target);
    record.reason = (why.cause == raft::Cause::TransferStarted ? "" : "refused: ") + std::string("n") +
                    std::to_string(*from) + " " + raft::explain(why);
    process_ready(*from);
  }
  std::string reason = record.reason;
  finish();
  return reason;
}

void Simulator::set_election_timer(NodeId id, Time from_now) {
  if (!nodes_[id].raft) return;
  begin(RecordKind::Timers, id).reason = "election timer set to fire in " + format_duration(from_now);
  nodes_[id].raft->restart_election_timer(node_time(id), from_now);
  arm_timer(id);
  finish();
}

void Simulator::align_timers() {
  begin(RecordKind::Timers, 0).reason = "election timers aligned";
  for (NodeId id = 1; id <= static_cast<NodeId>(config_.nodes); ++id) {
    if (!nodes_[id].raft || nodes_[id].raft->role() == Role::Leader) continue;
    nodes_[id].raft->restart_election_timer(node_time(id), config_.election_timeout_min);
    arm_timer(id);
  }
  finish();
}

void Simulator::spread_timers() {
  begin(RecordKind::Timers, 0).reason = "election timers spread";
  std::vector<NodeId> waiting;
  for (NodeId id = 1; id <= static_cast<NodeId>(config_.nodes); ++id) {
    if (nodes_[id].raft && nodes_[id].raft->role() != Role::Leader) waiting.push_back(id);
  }
  const Time range = config_.election_timeout_max - config_.election_timeout_min;
  for (std::size_t position = 0; position < waiting.size(); ++position) {
    const Time offset = waiting.size() > 1 ? range * static_cast<Time>(position) / static_cast<Time>(waiting.size() - 1) : 0;
    nodes_[waiting[position]].raft->restart_election_timer(node_time(waiting[position]), config_.election_timeout_min + offset);
    arm_timer(waiting[position]);
  }
  finish();
}

// ---- Network faults -------------------------------------------------------------------

void Simulator::partition(const std::vector<std::vector<NodeId>>& groups) {
  Record& record = begin(RecordKind::Network, 0);
  topology_.partition(groups);
  doom_messages_on_cut_links();
  record.reason = "partition";
  std::size_t named = 0;
  for (const auto& group : groups) {
    record.reason += record.reason == "partition" ? " " : " | ";
    for (std::size_t i = 0; i < group.size(); ++i) record.reason += (i ? ",n" : "n") + std::to_string(group[i]);
    named += group.size();
  }
  if (named < static_cast<std::size_t>(config_.nodes)) record.reason += " | the others";
  finish();
}

void Simulator::isolate(NodeId node) {
  begin(RecordKind::Network, node).reason = "isolate n" + std::to_string(node);
  topology_.isolate(node);
  doom_messages_on_cut_links();
  finish();
}

void Simulator::cut(NodeId from, NodeId to) {
  begin(RecordKind::Network, from).reason = "cut n" + std::to_string(from) + " -> n" + std::to_string(to);
  topology_.cut(from, to);
  doom_messages_on_cut_links();
  finish();
}

void Simulator::heal() {
  begin(RecordKind::Network, 0).reason = "heal";
  topology_.heal();
  finish();
}

void Simulator::connect(NodeId node) {
  begin(RecordKind::Network, node).reason = "connect n" + std::to_string(node);
  topology_.connect(node);
  // Joining the main group can part the node from a group it shared with others: what
  // is on those links now is lost, as for any cut.
  doom_messages_on_cut_links();
  finish();
}

void Simulator::set_link_latency(NodeId from, NodeId to, Time minimum, Time maximum) {
  begin(RecordKind::Network, from).reason = "latency n" + std::to_string(from) + " -> n" + std::to_string(to) + " " +
                                             format_duration(minimum) + ".." + format_duration(maximum);
  config_.network.link_latency[{from, to}] = {minimum, maximum};
  finish();
}

void Simulator::set_latency(Time minimum, Time maximum) {
  begin(RecordKind::Network, 0).reason =
      "latency " + format_duration(minimum) + ".." + format_duration(maximum);
  config_.network.latency_min = minimum;
  config_.network.latency_max = maximum;
  finish();
}

void Simulator::set_loss(std::uint32_t ppm) {
  begin(RecordKind::Network, 0).reason = "loss " + format_percent(ppm);
  config_.network.loss_ppm = ppm;
  finish();
}

void Simulator::set_duplication(std::uint32_t ppm) {
  begin(RecordKind::Network, 0).reason = "duplication " + format_percent(ppm);
  config_.network.duplicate_ppm = ppm;
  finish();
}

void Simulator::say(const std::string& text) {
  begin(RecordKind::Say, 0).reason = text;
  finish();
}

void Simulator::add_bug(NodeId node, raft::Bug bug) {
  const raft::BugInfo& info = raft::bug_info(bug);
  // Told like narration, so that a timeline or trace shows when the mistake began.
  begin(RecordKind::Say, node).reason = "bug " + std::string(info.name) + " switched on " +
                                        (node == 0 ? std::string("for every node") : "for n" + std::to_string(node)) +
                                        ": " + std::string(info.description);
  raft::BugSet added;
  added.add(bug);
  for (NodeId id = 1; id < nodes_.size(); ++id) {
    if (node != 0 && id != node) continue;
    nodes_[id].bugs.add(added);
    if (nodes_[id].raft) nodes_[id].raft->add_bugs(added);
  }
  if (node == 0) config_.bugs.add(added);
  finish();
}

}  // namespace sim

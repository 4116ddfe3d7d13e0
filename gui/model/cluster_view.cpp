#include "gui/model/cluster_view.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <variant>

namespace gui {

namespace {

constexpr float kPi = 3.14159265358979f;

float clamp01(float value) { return std::clamp(value, 0.0f, 1.0f); }

// A reply's reason as its sender's core decided it, "n3 denies n2 its vote: ..."; empty
// for a request (its receiver has not decided yet).
std::string reason_of(const raft::Message& message) {
  const raft::Reason* reason = nullptr;
  if (const auto* vote = std::get_if<raft::RequestVoteReply>(&message.payload)) reason = &vote->reason;
  if (const auto* append = std::get_if<raft::AppendEntriesReply>(&message.payload)) reason = &append->reason;
  if (const auto* install = std::get_if<raft::InstallSnapshotReply>(&message.payload)) reason = &install->reason;
  if (reason == nullptr || reason->cause == raft::Cause::None) return "";
  return "n" + std::to_string(message.from) + " " + raft::explain(*reason);
}

}  // namespace

Point node_position(NodeId id, int size, float aspect) {
  const float angle = -kPi / 2 + 2 * kPi * static_cast<float>(id - 1) / static_cast<float>(std::max(size, 1));
  return {aspect * std::cos(angle), std::sin(angle)};
}

float node_radius(int size, float aspect) {
  // A third of the shortest distance between neighbours, and never too large.
  float gap = 2.0f;
  for (int id = 1; id <= size && size > 1; ++id) {
    const Point a = node_position(static_cast<NodeId>(id), size, aspect);
    const Point b = node_position(static_cast<NodeId>(id % size + 1), size, aspect);
    gap = std::min(gap, std::hypot(a.x - b.x, a.y - b.y));
  }
  return std::min(0.24f, gap * 0.33f);
}

ClusterView build_cluster_view(const sim::Simulator& simulator, Time time, float aspect, float radius) {
  ClusterView view;
  view.time = time;
  view.size = simulator.size();
  view.aspect = aspect;
  view.node_radius = radius > 0 ? radius : node_radius(view.size, aspect);
  view.client = {0, 0};
  view.client_radius = std::clamp(view.node_radius * 0.8f, 0.12f, 0.25f);
  const sim::Topology& topology = simulator.topology();
  view.partitioned = topology.is_partitioned();

  const std::optional<NodeId> leader = simulator.leader();
  const raft::Configuration configuration = simulator.configuration();
  view.voters = static_cast<int>(configuration.voters.size());
  view.nodes.resize(static_cast<std::size_t>(view.size) + 1);
  for (NodeId id = 1; id <= static_cast<NodeId>(view.size); ++id) {
    NodeView& node = view.nodes[id];
    node.id = id;
    node.position = node_position(id, view.size, aspect);
    node.group = topology.group_of(id);
    node.place = configuration.is_voter(id)     ? Place::Voter
                 : configuration.is_learner(id) ? Place::Learner
                                                : Place::Outside;
    const sim::NodeSummary summary = simulator.summary(id);
    node.up = summary.up;
    node.role = summary.role;
    node.term = summary.term;
    node.voted_for = summary.voted_for;
    node.leader = summary.leader;
    node.last_index = summary.last_index;
    node.commit_index = summary.commit_index;
    if (!node.up) continue;
    const raft::Node& raft = simulator.node(id);
    node.is_leader = leader && *leader == id;
    node.stale_leader = raft.role() == raft::Role::Leader && !node.is_leader;
    if (raft.role() == raft::Role::Candidate || raft.role() == raft::Role::PreCandidate) node.votes = static_cast<int>(raft.votes_granted());
    if (raft.role() == raft::Role::Leader) {
      const Time span = std::max<Time>(raft.config().heartbeat_interval, 1);
      node.timer_due = raft.heartbeat_due();
      node.timer_left = clamp01(static_cast<float>(raft.heartbeat_due() - time) / static_cast<float>(span));
    } else {
      const Time span = std::max<Time>(raft.election_timeout(), 1);
      node.timer_due = raft.election_due();
      node.timer_left = clamp01(static_cast<float>(raft.election_due() - time) / static_cast<float>(span));
    }
  }
  // Groups are numbered by the network (0 is the main group, maybe empty): count those in use.
  std::set<int> in_use;
  for (NodeId id = 1; id <= static_cast<NodeId>(view.size); ++id) in_use.insert(view.nodes[id].group);
  view.groups = static_cast<int>(in_use.size());

  for (NodeId a = 1; a <= static_cast<NodeId>(view.size); ++a) {
    for (NodeId b = a + 1; b <= static_cast<NodeId>(view.size); ++b) {
      view.links.push_back({a, b, topology.can_reach(a, b), topology.can_reach(b, a)});
    }
  }

  const auto position_of = [&](NodeId node) { return node == sim::kClient ? view.client : view.nodes[node].position; };
  std::set<std::tuple<NodeId, NodeId, std::string>> first_of_kind;
  for (const sim::InFlightMessage* message : simulator.in_flight()) {
    MessageView marker;
    marker.id = message->id;
    marker.from = message->from;
    marker.to = message->to;
    marker.kind = message_kind_of(message->envelope);
    marker.kind_name = sim::envelope_kind(message->envelope);
    marker.doomed = message->doomed;
    // Droppable by hand: the oldest live message of its kind on its link (`drop next`).
    if (!marker.doomed && marker.from != sim::kClient && marker.to != sim::kClient) {
      marker.droppable = first_of_kind.insert({marker.from, marker.to, marker.kind_name}).second;
    }
    marker.label = sim::describe(message->envelope);
    if (const auto* rpc = std::get_if<raft::Message>(&message->envelope)) {
      marker.term = raft::term_of(*rpc);
      marker.reason = reason_of(*rpc);
      if (const auto* append = std::get_if<raft::AppendEntries>(&rpc->payload)) marker.entries = append->entries.size();
    }
    const Time span = std::max<Time>(message->deliver_at - message->sent_at, 1);
    marker.progress = clamp01(static_cast<float>(time - message->sent_at) / static_cast<float>(span));
    // Travel from the rim of the sender to the rim of the receiver, a little to the right
    // of the line between them so that the two directions do not overlap.
    const Point from = position_of(message->from);
    const Point to = position_of(message->to);
    const float dx = to.x - from.x;
    const float dy = to.y - from.y;
    const float length = std::max(std::sqrt(dx * dx + dy * dy), 1e-6f);
    marker.direction = {dx / length, dy / length};
    // Client traffic leaves and reaches the client's icon at the centre, along its own line.
    const float start_gap = message->from == sim::kClient ? view.client_radius : view.node_radius;
    const float end_gap = message->to == sim::kClient ? view.client_radius : view.node_radius;
    const float travel = std::max(length - start_gap - end_gap, 0.0f);
    const float along = start_gap + travel * marker.progress;
    const float side = view.node_radius * 0.22f;
    marker.position = {from.x + marker.direction.x * along - marker.direction.y * side,
                       from.y + marker.direction.y * along + marker.direction.x * side};
    view.messages.push_back(std::move(marker));
  }
  return view;
}

std::vector<std::vector<NodeId>> groups_after_move(const ClusterView& view, NodeId node, NodeId join) {
  std::map<int, std::vector<NodeId>> by_group;
  for (const NodeView& each : view.nodes) {
    if (each.id == 0) continue;
    const int group = each.id == node ? view.nodes[join].group : each.group;
    by_group[group].push_back(each.id);
  }
  std::vector<std::vector<NodeId>> groups;
  for (auto& [group, members] : by_group) groups.push_back(std::move(members));
  if (groups.size() <= 1) groups.clear();
  return groups;
}

const MessageView* message_at(const ClusterView& view, Point point, float radius) {
  const MessageView* best = nullptr;
  float best_distance = radius * radius;
  for (const MessageView& message : view.messages) {
    const float dx = message.position.x - point.x;
    const float dy = message.position.y - point.y;
    const float distance = dx * dx + dy * dy;
    if (distance <= best_distance) {
      best_distance = distance;
      best = &message;
    }
  }
  return best;
}

NodeId node_at(const ClusterView& view, Point point) {
  for (const NodeView& node : view.nodes) {
    if (node.id == 0) continue;
    const float dx = node.position.x - point.x;
    const float dy = node.position.y - point.y;
    if (dx * dx + dy * dy <= view.node_radius * view.node_radius) return node.id;
  }
  return 0;
}

}  // namespace gui

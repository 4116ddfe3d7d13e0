// What the cluster view draws, computed from the simulator at a moment of virtual time:
// nodes on a circle, the reachability of every link, and the messages in flight as
// markers along their links. Pure data in unit coordinates: the nodes stand on an
// ellipse of half-width `aspect` and half-height 1, centred on the origin, so that a
// wide panel is used to the full; the panel scales it to pixels and picks colours.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "gui/model/action.h"
#include "gui/model/message_kinds.h"
#include "sim/cluster/simulator.h"

namespace gui {

using raft::Index;
using raft::NodeId;
using raft::Term;
using raft::Time;

struct Point {
  float x = 0;
  float y = 0;
};

// A node's place in the cluster's configuration (dissertation chapter 4): a voter, a
// learner (gets entries, neither votes nor counts), or outside it (a spare not yet added,
// or a removed server).
enum class Place : std::uint8_t { Voter, Learner, Outside };

struct NodeView {
  NodeId id = 0;
  Place place = Place::Voter;
  bool up = false;
  raft::Role role = raft::Role::Follower;
  Term term = 0;
  NodeId voted_for = 0;
  NodeId leader = 0;           // whom it believes leads
  bool is_leader = false;      // the cluster's working leader (Simulator::leader())
  bool stale_leader = false;   // believes it leads, but is cut off from a majority or deposed
  Index last_index = 0;
  Index commit_index = 0;
  int votes = 0;               // candidate: votes granted so far (its own included)
  // The election timer (or a leader's heartbeat timer): fraction of its span still to run,
  // 1 just after a reset, 0 when it fires.
  float timer_left = 0;
  Time timer_due = 0;
  int group = 0;               // partition group
  Point position;
};

// An unordered pair of nodes and whether each direction works.
struct LinkView {
  NodeId a = 0;
  NodeId b = 0;
  bool a_to_b = true;
  bool b_to_a = true;
};

struct MessageView {
  std::uint64_t id = 0;
  NodeId from = 0;  // 0: the client
  NodeId to = 0;
  MessageKind kind = MessageKind::Heartbeat;
  Term term = 0;
  std::size_t entries = 0;     // AppendEntries: how many entries it carries
  float progress = 0;          // 0 at sending, 1 at delivery
  Point position;              // where it is now
  Point direction;             // unit vector of travel
  const char* doomed = nullptr;  // why it will vanish instead of arriving (null: it arrives)
  bool droppable = false;      // the user can drop it (see gui::droppable)
  std::string label;           // describe(): every field, for the tooltip
  std::string reason;          // a reply: why its sender decided so, as its core said ("n3 denies n2 its vote: ...")
  std::string kind_name;       // envelope_kind(), as in `drop next KIND`
};

struct ClusterView {
  Time time = 0;
  int size = 0;
  int voters = 0;               // the voters of the cluster's configuration (votes are counted of them)
  std::vector<NodeView> nodes;  // index 0 unused
  std::vector<LinkView> links;
  std::vector<MessageView> messages;
  bool partitioned = false;
  int groups = 1;               // partition groups that hold at least one node
  Point client;                 // where the client stands (the centre of the ring)
  float client_radius = 0.1f;   // the client's icon, in unit coordinates
  float node_radius = 0.2f;     // in unit coordinates
  float aspect = 1.0f;          // half-width of the ellipse (half-height 1)
};

// Where node `id` of `size` stands: node 1 at the top, clockwise.
Point node_position(NodeId id, int size, float aspect = 1.0f);
// A node radius that leaves room between neighbours.
float node_radius(int size, float aspect = 1.0f);

// The view at `time` (>= simulator.now(): the state is the simulator's, messages and
// timers are interpolated to `time`). `radius`: the nodes' radius in view units, as the
// panel fitted them (fit_cluster); 0 for node_radius(size, aspect).
ClusterView build_cluster_view(const sim::Simulator& simulator, Time time, float aspect = 1.0f, float radius = 0);

// The partition after dragging `node` into the group of `join`: the groups as
// `partition` takes them; empty if everyone ends up together (that is `heal`).
std::vector<std::vector<NodeId>> groups_after_move(const ClusterView& view, NodeId node, NodeId join);

// The message under `point`, if any (the topmost: the last in the list), within `radius`.
const MessageView* message_at(const ClusterView& view, Point point, float radius);
// The node under `point`, 0 if none.
NodeId node_at(const ClusterView& view, Point point);

}  // namespace gui

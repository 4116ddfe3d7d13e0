// A user action in the GUI: exactly one line of the scenario language, so that an
// interactive session can be saved as a scenario file and replayed by `raftsim run`.
// The model knows nothing of the UI: panels build Actions, the controller applies them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/cluster/simulator.h"
#include "sim/scenario/scenario.h"

namespace gui {

using raft::NodeId;
using raft::Time;

struct Action {
  enum class Kind : std::uint8_t {
    Crash,         // crash n2
    Restart,       // restart n2
    Campaign,      // campaign n2          (force a timeout now)
    Isolate,       // isolate n3
    Partition,     // partition n1,n2 | n3,n4,n5
    Cut,           // cut n1 -> n2         (one way)
    Heal,          // heal
    Latency,       // latency 1ms 10ms
    Loss,          // loss 20%
    Duplicate,     // duplicate 5%
    Write,         // write x=1 [via n3]
    SetTimer,      // timeout n2 200ms
    AlignTimers,   // timers align
    SpreadTimers,  // timers spread
    DropMessage,   // drop next KIND n1 -> n2 (a message chosen in flight)
    Say,           // say "text"
    Transfer,      // transfer n3          (the leader hands leadership to n3)
    AddServer,     // add n4               (membership, dissertation 4.2)
    PromoteServer, // promote n4
    RemoveServer,  // remove n2
    Snapshot,      // snapshot n2          (log compaction now, dissertation 5.1)
    Read,          // read x [via n3]      (served the cluster's way, dissertation 6.4)
  };
  Kind kind = Kind::Heal;
  NodeId node = 0;  // the node acted on; `from` for cut and drop
  NodeId to = 0;    // cut and drop
  std::vector<std::vector<NodeId>> groups = {};  // partition
  Time low = 0;     // latency minimum; set-timer duration
  Time high = 0;    // latency maximum
  std::uint32_t ppm = 0;   // loss, duplicate (parts per million)
  std::string text = {};   // write "key=value", say text, drop kind ("Heartbeat", ...)
  NodeId via = 0;          // write via a node (0: the client finds the leader)
  std::uint64_t message_id = 0;  // drop: the in-flight message chosen

  // Constructors that read like the scenario language.
  static Action crash(NodeId node) { return {.kind = Kind::Crash, .node = node}; }
  static Action restart(NodeId node) { return {.kind = Kind::Restart, .node = node}; }
  static Action campaign(NodeId node) { return {.kind = Kind::Campaign, .node = node}; }
  static Action transfer(NodeId node) { return {.kind = Kind::Transfer, .node = node}; }
  static Action isolate(NodeId node) { return {.kind = Kind::Isolate, .node = node}; }
  static Action add_server(NodeId node) { return {.kind = Kind::AddServer, .node = node}; }
  static Action promote_server(NodeId node) { return {.kind = Kind::PromoteServer, .node = node}; }
  static Action remove_server(NodeId node) { return {.kind = Kind::RemoveServer, .node = node}; }
  static Action snapshot(NodeId node) { return {.kind = Kind::Snapshot, .node = node}; }
  static Action read(std::string key, NodeId via = 0) { return {.kind = Kind::Read, .text = std::move(key), .via = via}; }
  static Action partition(std::vector<std::vector<NodeId>> groups) {
    return {.kind = Kind::Partition, .groups = std::move(groups)};
  }
  static Action cut(NodeId from, NodeId to) { return {.kind = Kind::Cut, .node = from, .to = to}; }
  static Action heal() { return {.kind = Kind::Heal}; }
  static Action latency(Time low, Time high) { return {.kind = Kind::Latency, .low = low, .high = high}; }
  static Action loss(std::uint32_t ppm) { return {.kind = Kind::Loss, .ppm = ppm}; }
  static Action duplicate(std::uint32_t ppm) { return {.kind = Kind::Duplicate, .ppm = ppm}; }
  static Action write(std::string command, NodeId via = 0) {
    return {.kind = Kind::Write, .text = std::move(command), .via = via};
  }
  static Action set_timer(NodeId node, Time from_now) { return {.kind = Kind::SetTimer, .node = node, .low = from_now}; }
  static Action align_timers() { return {.kind = Kind::AlignTimers}; }
  static Action spread_timers() { return {.kind = Kind::SpreadTimers}; }
  // The oldest in-flight message of `kind` (envelope_kind) from `from` to `to`.
  static Action drop(NodeId from, NodeId to, std::string kind, std::uint64_t message_id) {
    return {.kind = Kind::DropMessage, .node = from, .to = to, .text = std::move(kind), .message_id = message_id};
  }
  static Action say(std::string text) { return {.kind = Kind::Say, .text = std::move(text)}; }

  friend bool operator==(const Action&, const Action&) = default;
};

// Where a client write is sent: what the Client tab offers and W does. Each route is
// recorded as the scenario line that does exactly the same (docs/scenarios.md, write).
struct WriteRoute {
  enum class Kind : std::uint8_t {
    FindLeader,     // `write x=1`: the client finds the leader (hints, retries elsewhere)
    CurrentLeader,  // `write x=1 via n3`: to the node that leads now, resent only there
    Node,           // `write x=1 via n4`: to a chosen node, resent only there
  };
  Kind kind = Kind::FindLeader;
  NodeId node = 0;  // Kind::Node

  static WriteRoute find_leader() { return {}; }
  static WriteRoute current_leader() { return {.kind = Kind::CurrentLeader}; }
  static WriteRoute to(NodeId node) { return {.kind = Kind::Node, .node = node}; }
  friend bool operator==(const WriteRoute&, const WriteRoute&) = default;
};

// The node a request along `route` goes to, as of now: 0 for the client finding the
// leader itself; the current leader resolved to its id (as `via leader` would be), so the
// recorded line names the node the request really went to; nullopt when the route has
// no node now (no leader).
std::optional<NodeId> route_node(WriteRoute route, const sim::Simulator& simulator);

// The write of `command` ("key=value") to route_node(); nullopt when the route has no node now.
std::optional<Action> client_write(const std::string& command, WriteRoute route, const sim::Simulator& simulator);
// A read of the key of `command` ("x" of "x=1"), the same way (the cluster's `reads` way).
std::optional<Action> client_read(const std::string& command, WriteRoute route, const sim::Simulator& simulator);

// What the route does, in the words a button shows: "the client finds the leader",
// "via the current leader (n3)", "via the current leader (there is none now)", "via n4".
std::string route_label(WriteRoute route, const sim::Simulator& simulator);

// The value W and the Client tab write next: x=1, x=2, ... over the client's writes.
std::string next_write_value(const sim::Simulator& simulator);

// The scenario line for the action, e.g. "partition n1,n2 | n3,n4,n5".
std::string scenario_line(const Action& action);

// Carries the action out on the simulator, at its now(). False if it could not be
// (e.g. the chosen message has already arrived); the simulator is then unchanged.
bool apply(const Action& action, sim::Simulator& simulator);

// Whether the action makes sense now (e.g. crash needs a live node): panels use this to
// grey out buttons, the controller to refuse commands.
bool applicable(const Action& action, const sim::Simulator& simulator);

// Whether the message can be dropped by hand: in flight, not already doomed, and the
// oldest of its kind on its link, so that `drop next KIND a -> b` names exactly it.
bool droppable(const sim::Simulator& simulator, std::uint64_t message_id);

// Exact, parseable durations: "150ms", "1.5s", "250us".
std::string duration_text(Time duration);
// "20%", "0.5%", "0.0001%".
std::string percent_text(std::uint32_t ppm);

}  // namespace gui

#include "gui/model/action.h"

#include <cstdio>
#include <variant>

namespace gui {

namespace {

std::string node_name(NodeId node) { return "n" + std::to_string(node); }

// Say text in double quotes, with backslash escapes; a line break becomes a space.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out + "\"";
}

}  // namespace

std::string duration_text(Time duration) { return sim::format_duration(duration); }

std::string percent_text(std::uint32_t ppm) {
  // 1% = 10000 ppm; print the shortest exact decimal.
  std::string whole = std::to_string(ppm / 10000);
  std::uint32_t fraction = ppm % 10000;
  if (fraction == 0) return whole + "%";
  char digits[8];
  std::snprintf(digits, sizeof digits, "%04u", fraction);
  std::string decimals = digits;
  while (!decimals.empty() && decimals.back() == '0') decimals.pop_back();
  return whole + "." + decimals + "%";
}

std::string scenario_line(const Action& action) {
  using Kind = Action::Kind;
  switch (action.kind) {
    case Kind::Crash: return "crash " + node_name(action.node);
    case Kind::Restart: return "restart " + node_name(action.node);
    case Kind::Campaign: return "campaign " + node_name(action.node);
    case Kind::Isolate: return "isolate " + node_name(action.node);
    case Kind::AddServer: return "add " + node_name(action.node);
    case Kind::PromoteServer: return "promote " + node_name(action.node);
    case Kind::RemoveServer: return "remove " + node_name(action.node);
    case Kind::Snapshot: return "snapshot " + node_name(action.node);
    case Kind::Read: return "read " + action.text + (action.via ? " via " + node_name(action.via) : "");
    case Kind::Partition: {
      std::string line = "partition";
      for (std::size_t g = 0; g < action.groups.size(); ++g) {
        line += g == 0 ? " " : " | ";
        for (std::size_t i = 0; i < action.groups[g].size(); ++i) {
          line += (i == 0 ? "" : ",") + node_name(action.groups[g][i]);
        }
      }
      return line;
    }
    case Kind::Cut: return "cut " + node_name(action.node) + " -> " + node_name(action.to);
    case Kind::Heal: return "heal";
    case Kind::Latency: return "latency " + duration_text(action.low) + " " + duration_text(action.high);
    case Kind::Loss: return "loss " + percent_text(action.ppm);
    case Kind::Duplicate: return "duplicate " + percent_text(action.ppm);
    case Kind::Write:
      return "write " + action.text + (action.via ? " via " + node_name(action.via) : "");
    case Kind::SetTimer: return "timeout " + node_name(action.node) + " " + duration_text(action.low);
    case Kind::AlignTimers: return "timers align";
    case Kind::SpreadTimers: return "timers spread";
    case Kind::DropMessage:
      return "drop next " + action.text + " " + node_name(action.node) + " -> " + node_name(action.to);
    case Kind::Say: return "say " + quoted(action.text);
    case Kind::Transfer: return "transfer " + node_name(action.node);
  }
  return "";
}

std::optional<NodeId> route_node(WriteRoute route, const sim::Simulator& simulator) {
  switch (route.kind) {
    case WriteRoute::Kind::FindLeader: return NodeId{0};
    case WriteRoute::Kind::CurrentLeader: return simulator.leader();
    case WriteRoute::Kind::Node: return route.node;
  }
  return std::nullopt;
}

std::optional<Action> client_write(const std::string& command, WriteRoute route, const sim::Simulator& simulator) {
  const std::optional<NodeId> via = route_node(route, simulator);
  if (!via) return std::nullopt;
  return Action::write(command, *via);
}

std::optional<Action> client_read(const std::string& command, WriteRoute route, const sim::Simulator& simulator) {
  const std::optional<NodeId> via = route_node(route, simulator);
  if (!via) return std::nullopt;
  return Action::read(command.substr(0, command.find('=')), *via);
}

std::string route_label(WriteRoute route, const sim::Simulator& simulator) {
  switch (route.kind) {
    case WriteRoute::Kind::FindLeader: return "the client finds the leader";
    case WriteRoute::Kind::CurrentLeader: {
      const auto leader = simulator.leader();
      return leader ? "via the current leader (" + node_name(*leader) + ")" : "via the current leader (there is none now)";
    }
    case WriteRoute::Kind::Node: return "via " + node_name(route.node);
  }
  return "";
}

std::string next_write_value(const sim::Simulator& simulator) {
  return "x=" + std::to_string(simulator.history().size() + 1);
}

bool droppable(const sim::Simulator& simulator, std::uint64_t message_id) {
  const sim::InFlightMessage* chosen = simulator.find_message(message_id);
  if (chosen == nullptr || chosen->doomed) return false;
  if (chosen->from == sim::kClient || chosen->to == sim::kClient) return false;  // not a link
  const char* kind = sim::envelope_kind(chosen->envelope);
  for (const sim::InFlightMessage* message : simulator.in_flight()) {
    if (message->from != chosen->from || message->to != chosen->to || message->doomed) continue;
    if (std::string(kind) != sim::envelope_kind(message->envelope)) continue;
    return message->id == message_id;  // the oldest of its kind on its link
  }
  return false;
}

bool applicable(const Action& action, const sim::Simulator& simulator) {
  using Kind = Action::Kind;
  const auto valid = [&](NodeId node) { return node >= 1 && node <= static_cast<NodeId>(simulator.size()); };
  switch (action.kind) {
    case Kind::Crash:
    case Kind::Campaign:
    case Kind::SetTimer:
    case Kind::Snapshot:
      return valid(action.node) && simulator.is_up(action.node);
    case Kind::Restart: return valid(action.node) && !simulator.is_up(action.node);
    case Kind::Isolate:
    case Kind::AddServer:
    case Kind::PromoteServer:
    case Kind::RemoveServer:
      return valid(action.node);
    // Any node: the simulator explains a refusal (no leader, the node down or the leader).
    case Kind::Transfer: return valid(action.node);
    case Kind::Cut: return valid(action.node) && valid(action.to) && action.node != action.to;
    case Kind::Partition:
      for (const auto& group : action.groups) {
        for (NodeId node : group) {
          if (!valid(node)) return false;
        }
      }
      return !action.groups.empty();
    case Kind::Latency: return action.low >= 0 && action.high >= action.low;
    case Kind::Loss:
    case Kind::Duplicate: return action.ppm <= sim::kMillion;
    case Kind::Write:
      return !action.text.empty() && action.text.find('=') != std::string::npos &&
             action.text.find(' ') == std::string::npos && (action.via == 0 || valid(action.via));
    case Kind::Read:
      return !action.text.empty() && action.text.find_first_of("= ") == std::string::npos &&
             (action.via == 0 || valid(action.via));
    case Kind::DropMessage: return droppable(simulator, action.message_id);
    case Kind::Heal:
    case Kind::AlignTimers:
    case Kind::SpreadTimers:
    case Kind::Say:
      return true;
  }
  return false;
}

bool apply(const Action& action, sim::Simulator& simulator) {
  if (!applicable(action, simulator)) return false;
  using Kind = Action::Kind;
  switch (action.kind) {
    case Kind::Crash: simulator.crash(action.node); break;
    case Kind::Restart: simulator.restart(action.node); break;
    case Kind::Campaign: simulator.campaign(action.node); break;
    case Kind::Isolate: simulator.isolate(action.node); break;
    case Kind::AddServer: simulator.change_membership({raft::ChangeKind::AddLearner, action.node}); break;
    case Kind::PromoteServer: simulator.change_membership({raft::ChangeKind::Promote, action.node}); break;
    case Kind::RemoveServer: simulator.change_membership({raft::ChangeKind::Remove, action.node}); break;
    case Kind::Snapshot: simulator.snapshot(action.node); break;
    case Kind::Read: simulator.read(action.text, action.via); break;
    case Kind::Partition: simulator.partition(action.groups); break;
    case Kind::Cut: simulator.cut(action.node, action.to); break;
    case Kind::Heal: simulator.heal(); break;
    case Kind::Latency: simulator.set_latency(action.low, action.high); break;
    case Kind::Loss: simulator.set_loss(action.ppm); break;
    case Kind::Duplicate: simulator.set_duplication(action.ppm); break;
    case Kind::Write: simulator.write(action.text, action.via); break;
    case Kind::SetTimer: simulator.set_election_timer(action.node, action.low); break;
    case Kind::AlignTimers: simulator.align_timers(); break;
    case Kind::SpreadTimers: simulator.spread_timers(); break;
    case Kind::DropMessage: return simulator.drop_next(action.node, action.to, action.text) != 0;
    case Kind::Say: simulator.say(action.text); break;
    case Kind::Transfer: simulator.transfer(action.node); break;
  }
  return true;
}

}  // namespace gui

// The node inspector: every field of the selected node's Raft state, and its actions.
#include <string>

#include "gui/app/panels.h"

namespace gui {

namespace {

std::string name(NodeId node) { return node == 0 ? "nobody" : "n" + std::to_string(node); }

std::string seconds(Time time) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f s", static_cast<double>(time) / raft::kSecond);
  return text;
}

void row(const char* field, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextDisabled("%s", field);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(value.c_str());
}

void actions(const Frame& frame, NodeId id, bool up) {
  if (up) {
    if (ImGui::Button("Crash (C)")) frame.act(Action::crash(id));
    ImGui::SameLine();
    if (ImGui::Button("Timeout now (T)")) frame.act(Action::campaign(id));
    ImGui::SameLine();
  } else {
    if (ImGui::Button("Restart (C)")) frame.act(Action::restart(id));
    ImGui::SameLine();
  }
  if (ImGui::Button("Isolate (I)")) frame.act(Action::isolate(id));
}

}  // namespace

void InspectorPanel::draw(const Frame& frame) {
  const sim::Simulator& simulator = frame.session.simulator();
  NodeId& selected = frame.selection.node;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Node");
  for (NodeId id = 1; id <= static_cast<NodeId>(simulator.size()); ++id) {
    ImGui::SameLine();
    if (ImGui::RadioButton(name(id).c_str(), selected == id)) selected = id;
  }
  if (selected == 0 || selected > static_cast<NodeId>(simulator.size())) {
    ImGui::TextWrapped("Click a node (or press its number) to see its whole state.");
    return;
  }
  const bool up = simulator.is_up(selected);
  actions(frame, selected, up);
  ImGui::Separator();

  if (!ImGui::BeginTable("fields", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
  const sim::Storage& storage = simulator.storage(selected);
  if (!up) {
    row("state", "crashed: memory lost, storage kept");
    row("durable term", std::to_string(storage.hard_state().current_term));
    row("durable vote", name(storage.hard_state().voted_for));
    row("durable log", std::to_string(storage.last_index()) + " entries");
    ImGui::EndTable();
    return;
  }
  const raft::Node& node = simulator.node(selected);
  const Time now = frame.cluster.time;
  row("role", raft::role_name(node.role()));
  row("current term", std::to_string(node.current_term()));
  row("voted for", name(node.voted_for()));
  row("believes leader", name(node.leader()));
  row("log", std::to_string(node.log().last_index()) + " entries, last term " + std::to_string(node.log().last_term()));
  row("commit index", std::to_string(node.commit_index()));
  row("last applied", std::to_string(node.last_applied()));
  if (node.role() == raft::Role::Leader) {
    row("heartbeat due", seconds(node.heartbeat_due()) + " (in " + seconds(node.heartbeat_due() - now) + ")");
  } else {
    row("election timer", seconds(node.election_due()) + " (in " + seconds(node.election_due() - now) + ")");
  }
  row("election timeout", seconds(node.election_timeout()) + " (drawn at random)");
  if (node.role() == raft::Role::Candidate) {
    std::string granted;
    for (NodeId peer = 1; peer <= static_cast<NodeId>(simulator.size()); ++peer) {
      if (node.vote_granted_by(peer)) granted += name(peer) + " ";
    }
    row("votes granted", std::to_string(node.votes_granted()) + ": " + granted);
  }
  const auto& kv = simulator.state_machine(selected);
  std::string machine;
  for (const auto& [key, value] : kv) machine += key + "=" + value + " ";
  row("state machine", machine.empty() ? "(empty)" : machine);
  row("durable", "term " + std::to_string(storage.hard_state().current_term) + ", vote " +
                     name(storage.hard_state().voted_for) + ", " + std::to_string(storage.last_index()) + " entries");
  ImGui::EndTable();

  if (node.role() == raft::Role::Leader) {
    ImGui::Spacing();
    ImGui::TextUnformatted("What the leader knows of each follower");
    if (ImGui::BeginTable("progress", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
      ImGui::TableSetupColumn("peer");
      ImGui::TableSetupColumn("next index");
      ImGui::TableSetupColumn("match index");
      ImGui::TableHeadersRow();
      for (NodeId peer = 1; peer <= static_cast<NodeId>(simulator.size()); ++peer) {
        if (peer == selected) continue;
        const raft::Progress& progress = node.progress(peer);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name(peer).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(progress.next_index));
        ImGui::TableNextColumn();
        ImGui::Text("%llu", static_cast<unsigned long long>(progress.match_index));
      }
      ImGui::EndTable();
    }
  }
}

}  // namespace gui

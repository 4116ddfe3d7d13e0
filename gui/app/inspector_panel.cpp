// The node inspector: every field of the selected node's Raft state, and its actions.
#include <algorithm>
#include <string>

#include "gui/app/panels.h"

namespace gui {

namespace {

std::string entries(raft::Index count) { return std::to_string(count) + (count == 1 ? " entry" : " entries"); }

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

// Three short rows, so that none runs off a narrow panel at a lecture's zoom: the node's
// own fate, its place in the network and its log, its membership.
void actions(const Frame& frame, NodeId id, bool up) {
  if (up) {
    if (ImGui::Button("Crash (C)")) frame.act(Action::crash(id));
    ImGui::SameLine();
    if (ImGui::Button("Timeout now (T)")) frame.act(Action::campaign(id));
    ImGui::SameLine();
    // Dissertation 3.10: the leader catches this node up, then tells it to campaign.
    if (ImGui::Button("Transfer leadership here (G)")) frame.act(Action::transfer(id));
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("The leader catches this node up, then sends it TimeoutNow; client writes pause meanwhile");
    }
  } else {
    if (ImGui::Button("Restart (C)")) frame.act(Action::restart(id));
  }
  if (ImGui::Button("Isolate (I)")) frame.act(Action::isolate(id));
  if (up) {
    ImGui::SameLine();
    // Dissertation 5.1: the state machine's snapshot at the last applied entry; the log before it goes.
    if (ImGui::Button("Snapshot now")) frame.act(Action::snapshot(id));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Compacts the log: the entries it has applied go into a snapshot");
  }
  // Membership (dissertation 4.2): asked of the leader, which may refuse (the events say why).
  if (ImGui::Button("Add as learner")) frame.act(Action::add_server(id));
  ImGui::SameLine();
  if (ImGui::Button("Promote")) frame.act(Action::promote_server(id));
  ImGui::SameLine();
  if (ImGui::Button("Remove")) frame.act(Action::remove_server(id));
}

// No node selected: the cluster at a glance (who leads, what is committed) and a row per
// node; clicking a row inspects that node.
void cluster_summary(const Frame& frame) {
  const ClusterView& view = frame.cluster;
  const int majority = view.voters / 2 + 1;  // of the configuration's voters (4.1)
  int up = 0;
  int voters_up = 0;
  const NodeView* leader = nullptr;
  Index committed = 0;
  for (const NodeView& node : view.nodes) {
    if (node.id == 0) continue;
    up += node.up ? 1 : 0;
    voters_up += node.up && node.place == Place::Voter ? 1 : 0;
    if (node.is_leader) leader = &node;
    if (node.up) committed = std::max(committed, node.commit_index);
  }
  ImGui::PushFont(frame.theme.large);
  if (leader != nullptr) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(frame.theme.leader), "%s leads term %llu", name(leader->id).c_str(),
                       static_cast<unsigned long long>(leader->term));
  } else {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(frame.theme.candidate), "No leader");
  }
  ImGui::PopFont();
  ImGui::Text("%d nodes (%d voters), %d up; a majority is %d.  Highest commit index: %llu", view.size, view.voters, up,
              majority, static_cast<unsigned long long>(committed));
  if (voters_up < majority) {
    ImGui::TextColored(ImVec4(0.8f, 0.1f, 0.1f, 1), "Fewer than a majority of the voters are up: nothing can commit.");
  }
  int both_ways = 0, one_way = 0;
  for (const LinkView& link : view.links) {
    if (!link.a_to_b && !link.b_to_a) ++both_ways;
    else if (!link.a_to_b || !link.b_to_a) ++one_way;
  }
  if (view.groups > 1) {
    ImGui::Text("The network is split into %d groups.", view.groups);
  } else if (both_ways + one_way > 0) {
    ImGui::Text("Links cut: %d both ways, %d one way (see the Network tab).", both_ways, one_way);
  }

  const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("summary", 6, flags)) {
    ImGui::TableSetupColumn("node");
    ImGui::TableSetupColumn("role");
    ImGui::TableSetupColumn("term");
    ImGui::TableSetupColumn("voted for");
    ImGui::TableSetupColumn("log");
    ImGui::TableSetupColumn("commit");
    ImGui::TableHeadersRow();
    for (const NodeView& node : view.nodes) {
      if (node.id == 0) continue;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ImGui::Selectable(name(node.id).c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) frame.selection.node = node.id;
      ImGui::TableNextColumn();
      const char* role = !node.up ? "crashed" : node.stale_leader ? "leader (cut off)" : raft::role_name(node.role);
      const ImU32 colour = node.up ? frame.theme.role(node.role) : frame.theme.muted;
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(colour), "%s", role);
      ImGui::TableNextColumn();
      ImGui::Text("%llu", static_cast<unsigned long long>(node.term));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(name(node.voted_for).c_str());  // a crashed node: its durable vote
      ImGui::TableNextColumn();
      ImGui::Text("%llu", static_cast<unsigned long long>(node.last_index));
      ImGui::TableNextColumn();
      if (node.up) ImGui::Text("%llu", static_cast<unsigned long long>(node.commit_index));
    }
    ImGui::EndTable();
  }
  ImGui::TextDisabled("Click a node (or press its number) to see its whole state.");
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
    cluster_summary(frame);
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
    row("durable log", entries(storage.last_index()));
    ImGui::EndTable();
    return;
  }
  const raft::Node& node = simulator.node(selected);
  const Time now = frame.cluster.time;
  row("role", raft::role_name(node.role()));
  row("current term", std::to_string(node.current_term()));
  row("voted for", name(node.voted_for()));
  row("believes leader", name(node.leader()));
  row("log", entries(node.log().last_index()) + ", last term " + std::to_string(node.log().last_term()));
  if (node.log().snapshot_index() > 0) {
    row("snapshot", "through entry " + std::to_string(node.log().snapshot_index()) + " (term " +
                        std::to_string(node.log().snapshot_term()) + ", " +
                        std::to_string(node.snapshot() ? node.snapshot()->data.size() : 0) + " bytes)");
  }
  row("commit index", std::to_string(node.commit_index()));
  row("last applied", std::to_string(node.last_applied()));
  if (node.role() == raft::Role::Leader) {
    row("heartbeat due", seconds(node.heartbeat_due()) + " (in " + seconds(node.heartbeat_due() - now) + ")");
    if (node.transfer_target() != raft::kNobody) {
      const Time until = node.transfer_deadline();
      row("transferring to", name(node.transfer_target()) + ": client writes paused; abandoned at " + seconds(until) +
                                 " (in " + seconds(until - now) + ")");
    }
  } else {
    row("election timer", seconds(node.election_due()) + " (in " + seconds(node.election_due() - now) + ")");
  }
  row("election timeout", seconds(node.election_timeout()) + " (drawn at random)");
  if (node.role() == raft::Role::Candidate || node.role() == raft::Role::PreCandidate) {
    std::string granted;
    for (NodeId peer = 1; peer <= static_cast<NodeId>(simulator.size()); ++peer) {
      if (node.vote_granted_by(peer)) granted += name(peer) + " ";
    }
    row(node.role() == raft::Role::Candidate ? "votes granted" : "pre-votes granted",
        std::to_string(node.votes_granted()) + ": " + granted);
  }
  if (node.config().check_quorum && node.role() != raft::Role::Leader) {
    row("lease", node.in_lease(now) ? "votes for a later term ignored (a leader heard lately, or it just started: lease reads)" : "none");
  }
  const auto& kv = simulator.state_machine(selected);
  std::string machine;
  for (const auto& [key, value] : kv) machine += key + "=" + value + " ";
  row("state machine", machine.empty() ? "(empty)" : machine);
  row("durable", "term " + std::to_string(storage.hard_state().current_term) + ", vote " +
                     name(storage.hard_state().voted_for) + ", " + entries(storage.last_index()));
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

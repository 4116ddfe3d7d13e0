// The network: arrange a partition (a group per node), a reachability matrix whose
// cells cut single links, heal, and sliders for loss, latency and duplication.
#include <algorithm>
#include <string>

#include "gui/app/panels.h"

namespace gui {

namespace {

constexpr const char* kGroupNames[] = {"A", "B", "C"};

std::string name(NodeId node) { return "n" + std::to_string(node); }

}  // namespace

void NetworkPanel::draw(const Frame& frame) {
  const sim::Simulator& simulator = frame.session.simulator();
  const int size = simulator.size();
  const sim::Topology& topology = simulator.topology();

  // ---- Partition: put each node in a group, then apply. -------------------------
  if (static_cast<int>(group_of_.size()) != size + 1) {
    group_of_.assign(static_cast<std::size_t>(size) + 1, 0);
    for (NodeId node = 1; node <= static_cast<NodeId>(size); ++node) {
      group_of_[node] = std::min(topology.group_of(node), 2);
    }
  }
  ImGui::TextUnformatted("Partition: click a node's group, then Apply");
  if (ImGui::BeginTable("groups", size + 1, ImGuiTableFlags_SizingFixedFit)) {
    for (int g = 0; g < 3; ++g) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("group %s", kGroupNames[g]);
      for (NodeId node = 1; node <= static_cast<NodeId>(size); ++node) {
        ImGui::TableNextColumn();
        ImGui::PushID(g * 100 + static_cast<int>(node));
        const bool here = group_of_[node] == g;
        ImGui::PushStyleColor(ImGuiCol_Button, here ? ImGui::ColorConvertU32ToFloat4(frame.theme.group(g) | 0xFF000000)
                                                    : ImVec4(0.93f, 0.93f, 0.93f, 1));
        if (here) ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.2f, 0.2f, 0.3f, 1));
        if (ImGui::Button(here ? name(node).c_str() : " . ", ImVec2(frame.theme.font_size * 2.4f, 0))) group_of_[node] = g;
        if (here) ImGui::PopStyleColor();
        ImGui::PopStyleColor();
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }
  if (ImGui::Button("Apply partition")) {
    std::vector<std::vector<NodeId>> groups(3);
    for (NodeId node = 1; node <= static_cast<NodeId>(size); ++node) groups[static_cast<std::size_t>(group_of_[node])].push_back(node);
    groups.erase(std::remove_if(groups.begin(), groups.end(), [](const auto& g) { return g.empty(); }), groups.end());
    if (groups.size() > 1) frame.act(Action::partition(groups));
  }
  ImGui::SameLine();
  if (ImGui::Button("Heal everything (H)")) {
    frame.act(Action::heal());
    group_of_.clear();
  }

  // ---- Reachability: row sends to column. --------------------------------------
  ImGui::Spacing();
  ImGui::TextUnformatted("Who reaches whom (row sends to column); click to cut one way");
  if (ImGui::BeginTable("reach", size + 1, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_Borders)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextDisabled("from\\to");
    for (NodeId to = 1; to <= static_cast<NodeId>(size); ++to) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(name(to).c_str());
    }
    for (NodeId from = 1; from <= static_cast<NodeId>(size); ++from) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(name(from).c_str());
      for (NodeId to = 1; to <= static_cast<NodeId>(size); ++to) {
        ImGui::TableNextColumn();
        if (from == to) continue;
        const bool reach = topology.can_reach(from, to);
        ImGui::PushID(static_cast<int>(from * 1000 + to));
        ImGui::PushStyleColor(ImGuiCol_Button, reach ? ImVec4(0.75f, 0.9f, 0.75f, 1) : ImVec4(0.95f, 0.6f, 0.6f, 1));
        if (ImGui::Button(reach ? "ok" : "x", ImVec2(frame.theme.font_size * 2.0f, 0)) && reach) {
          frame.act(Action::cut(from, to));
        }
        if (ImGui::IsItemHovered()) {
          ImGui::SetTooltip(reach ? "%s reaches %s: click to cut (cut %s -> %s)" : "%s cannot reach %s (heal restores)",
                            name(from).c_str(), name(to).c_str(), name(from).c_str(), name(to).c_str());
        }
        ImGui::PopStyleColor();
        ImGui::PopID();
      }
    }
    ImGui::EndTable();
  }

  // ---- Faults: loss, duplication, latency; applied on release. --------------------
  const sim::NetworkSettings& settings = simulator.network();
  ImGui::Spacing();
  ImGui::TextUnformatted("Faults (applied when you let go of a slider)");
  if (!ImGui::IsAnyItemActive()) {
    loss_percent_ = static_cast<int>(settings.loss_ppm / 10000);
    duplicate_percent_ = static_cast<int>(settings.duplicate_ppm / 10000);
    latency_ms_[0] = static_cast<int>(settings.latency_min / raft::kMillisecond);
    latency_ms_[1] = static_cast<int>(settings.latency_max / raft::kMillisecond);
  }
  ImGui::SetNextItemWidth(frame.theme.font_size * 14);
  ImGui::SliderInt("loss", &loss_percent_, 0, 100, "%d%%");
  if (ImGui::IsItemDeactivatedAfterEdit()) frame.act(Action::loss(static_cast<std::uint32_t>(loss_percent_) * 10000));
  ImGui::SetNextItemWidth(frame.theme.font_size * 14);
  ImGui::SliderInt("duplication", &duplicate_percent_, 0, 100, "%d%%");
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    frame.act(Action::duplicate(static_cast<std::uint32_t>(duplicate_percent_) * 10000));
  }
  ImGui::SetNextItemWidth(frame.theme.font_size * 14);
  ImGui::SliderInt2("latency (ms)", latency_ms_, 0, 500);
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    const int low = std::min(latency_ms_[0], latency_ms_[1]);
    const int high = std::max(latency_ms_[0], latency_ms_[1]);
    frame.act(Action::latency(low * raft::kMillisecond, high * raft::kMillisecond));
  }
}

}  // namespace gui

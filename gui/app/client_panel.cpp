// The client and the lecturer's tricks: writes, election timers, captions.
#include <cstring>
#include <string>

#include "gui/app/panels.h"

namespace gui {

void ClientPanel::draw(const Frame& frame) {
  const sim::Simulator& simulator = frame.session.simulator();
  const int size = simulator.size();

  ImGui::TextUnformatted("Client write (key=value)");
  ImGui::SetNextItemWidth(frame.theme.font_size * 8);
  ImGui::InputText("##value", value_, sizeof value_);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(frame.theme.font_size * 9);
  const std::string via_label = via_ == 0 ? "via the leader" : "via n" + std::to_string(via_);
  if (ImGui::BeginCombo("##via", via_label.c_str())) {
    if (ImGui::Selectable("via the leader", via_ == 0)) via_ = 0;
    for (int node = 1; node <= size; ++node) {
      if (ImGui::Selectable(("via n" + std::to_string(node)).c_str(), via_ == node)) via_ = node;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button("Write (W)")) {
    frame.act(Action::write(value_, static_cast<NodeId>(via_)));
    ++written_;
    std::snprintf(value_, sizeof value_, "x=%d", written_);
  }

  // The client's history: what became of each write.
  const auto& operations = simulator.history();
  if (!operations.empty() && ImGui::BeginTable("writes", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY,
                                               ImVec2(0, frame.theme.font_size * 7))) {
    ImGui::TableSetupColumn("write");
    ImGui::TableSetupColumn("outcome");
    ImGui::TableSetupColumn("index");
    ImGui::TableSetupColumn("tries");
    ImGui::TableHeadersRow();
    for (auto it = operations.rbegin(); it != operations.rend(); ++it) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(it->command.c_str());
      ImGui::TableNextColumn();
      const bool ok = it->outcome == sim::Outcome::Acknowledged;
      ImGui::TextColored(ok ? ImVec4(0.1f, 0.55f, 0.2f, 1) : ImVec4(0.3f, 0.3f, 0.35f, 1), "%s",
                         sim::outcome_name(it->outcome));
      ImGui::TableNextColumn();
      if (it->index) ImGui::Text("%llu", static_cast<unsigned long long>(it->index));
      ImGui::TableNextColumn();
      ImGui::Text("%u", it->attempts);
    }
    ImGui::EndTable();
  }

  ImGui::Separator();
  ImGui::TextUnformatted("Election timers");
  if (ImGui::Button("Spread (S)")) frame.act(Action::spread_timers());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Timers far apart, lowest id first: one node clearly wins");
  ImGui::SameLine();
  if (ImGui::Button("Align (A)")) frame.act(Action::align_timers());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every follower's timer fires at once: a split vote");
  ImGui::SetNextItemWidth(frame.theme.font_size * 4);
  ImGui::SliderInt("##timer node", &timer_node_, 1, size, "n%d");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(frame.theme.font_size * 7);
  ImGui::SliderInt("##timer ms", &timer_ms_, 1, 1000, "in %d ms");
  ImGui::SameLine();
  if (ImGui::Button("Set timer")) {
    frame.act(Action::set_timer(static_cast<NodeId>(timer_node_), timer_ms_ * raft::kMillisecond));
  }

  ImGui::Separator();
  ImGui::TextUnformatted("Caption (recorded as `say`)");
  ImGui::SetNextItemWidth(-frame.theme.font_size * 4);
  const bool entered = ImGui::InputText("##caption", caption_, sizeof caption_, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Say") || entered) && caption_[0] != '\0') {
    frame.act(Action::say(caption_));
    caption_[0] = '\0';
  }
}

}  // namespace gui

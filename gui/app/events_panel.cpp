// The event log: every record of the run up to the moment shown, with filters; under each
// event, the decisions it caused and why, as the nodes' cores gave them.
#include <algorithm>
#include <cstring>
#include <string>

#include "gui/app/panels.h"

namespace gui {

namespace {

ImVec4 colour_of(sim::RecordKind kind) {
  using K = sim::RecordKind;
  switch (kind) {
    case K::Drop:
    case K::DropMessage:
    case K::Crash: return ImVec4(0.75f, 0.15f, 0.15f, 1);
    case K::Timeout:
    case K::Campaign:
    case K::Transfer: return ImVec4(0.8f, 0.45f, 0.0f, 1);
    case K::Say: return ImVec4(0.45f, 0.35f, 0.0f, 1);
    case K::ClientWrite:
    case K::ClientRetry: return ImVec4(0.35f, 0.2f, 0.6f, 1);
    case K::Network:
    case K::Restart:
    case K::Timers: return ImVec4(0.1f, 0.4f, 0.6f, 1);
    default: return ImVec4(0.2f, 0.2f, 0.25f, 1);
  }
}

}  // namespace

void EventsPanel::draw(const Frame& frame) {
  if (!kinds_initialised_) {
    std::fill(std::begin(show_kind_), std::end(show_kind_), true);
    show_kind_[static_cast<int>(sim::RecordKind::Heartbeat)] = false;  // heartbeat timers are noise
    kinds_initialised_ = true;
  }
  if (ImGui::Button("Kinds...")) ImGui::OpenPopup("kinds");
  if (ImGui::BeginPopup("kinds")) {
    for (int kind = 0; kind < kRecordKinds; ++kind) {
      ImGui::Checkbox(sim::record_kind_name(static_cast<sim::RecordKind>(kind)), &show_kind_[kind]);
    }
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(frame.theme.font_size * 6);
  const std::string node_label = node_filter_ == 0 ? "all nodes" : "n" + std::to_string(node_filter_);
  if (ImGui::BeginCombo("##node", node_label.c_str())) {
    if (ImGui::Selectable("all nodes", node_filter_ == 0)) node_filter_ = 0;
    for (int node = 1; node <= frame.cluster.size; ++node) {
      if (ImGui::Selectable(("n" + std::to_string(node)).c_str(), node_filter_ == node)) node_filter_ = node;
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  ImGui::SetNextItemWidth(frame.theme.font_size * 8);
  ImGui::InputTextWithHint("##text", "search", text_filter_, sizeof text_filter_);
  ImGui::SameLine();
  ImGui::Checkbox("why", &show_why_);
  ImGui::SameLine();
  ImGui::Checkbox("follow", &follow_);

  const History& history = frame.session.history();
  const RecordStore& records = history.branch().records;
  EventFilter filter;
  std::copy(std::begin(show_kind_), std::end(show_kind_), filter.kinds.begin());
  filter.node = static_cast<NodeId>(node_filter_);
  filter.text = text_filter_;
  filter.why = show_why_;
  rows_.update(records, history.visible_records(), frame.session.loads(), history.branch_index(), filter);
  const std::vector<EventRow>& rows = rows_.rows();
  const NodeId node = filter.node;

  ImGui::BeginChild("list", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const EventRow& shown = rows[static_cast<std::size_t>(row)];
      const sim::Record record = records[shown.record];
      ImGui::BeginGroup();
      if (shown.decision < 0) {
        ImGui::TextDisabled("%8.4fs", static_cast<double>(record.time) / raft::kSecond);
        ImGui::SameLine();
        ImGui::TextColored(colour_of(record.kind), "%-11s", sim::record_kind_name(record.kind));
        ImGui::SameLine();
        ImGui::TextUnformatted(event_line(record).c_str());
      } else {
        ImGui::TextDisabled("%9s", "");
        ImGui::SameLine();
        ImGui::TextDisabled("%-11s", "  why");
        ImGui::SameLine();
        const std::string why = decision_line(decision_shown(record, node, shown.decision));
        ImGui::TextColored(ImVec4(0.2f, 0.4f, 0.25f, 1), "%s", why.c_str());
      }
      ImGui::EndGroup();
      if (ImGui::IsItemHovered()) {
        ImGui::GetWindowDrawList()->AddRectFilled(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), IM_COL32(40, 90, 220, 30));
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
          frame.emit(UiCommand::seek(record.time));
          follow_ = false;
        }
      }
    }
  }
  if (follow_ && rows.size() != last_count_) ImGui::SetScrollHereY(1.0f);
  last_count_ = rows.size();
  ImGui::EndChild();
}

}  // namespace gui

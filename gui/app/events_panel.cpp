// The event log: every record of the run up to the moment shown, with filters; under each
// event, the decisions it caused and why, as the nodes' cores gave them.
#include <algorithm>
#include <cassert>
#include <cstring>
#include <string>

#include "gui/app/panels.h"

namespace gui {

namespace {

constexpr int kRecordKinds = 13;

std::string name(NodeId node) { return node == 0 ? "client" : "n" + std::to_string(node); }

std::string line_of(const sim::Record& record) {
  using K = sim::RecordKind;
  std::string text;
  switch (record.kind) {
    case K::Deliver:
    case K::Drop:
    case K::DropMessage:
      text = name(record.from) + " -> " + name(record.to) + "  ";
      if (record.message) text += sim::describe(*record.message);
      break;
    default:
      if (record.node) text = name(record.node) + "  ";
      break;
  }
  if (!record.reason.empty()) text += (text.empty() ? "" : "  ") + record.reason;
  for (const sim::NodeChange& change : record.changes) {
    if (change.before.role != change.after.role || change.before.term != change.after.term) {
      text += "   [" + name(change.node) + " " + (change.after.up ? raft::role_name(change.after.role) : "down") +
              " term " + std::to_string(change.after.term) + "]";
    }
    if (change.after.commit_index > change.before.commit_index) {
      text += "   [" + name(change.node) + " commits " + std::to_string(change.after.commit_index) + "]";
    }
  }
  return text;
}

// "n1 grants n2 its vote in term 1: ...".
std::string why_of(const sim::NodeDecision& made) { return name(made.node) + " " + raft::explain(made.decision); }

// One line of the list: an event, or (decision >= 0) one of its decisions shown.
struct Row {
  std::size_t record = 0;
  int decision = -1;
};

// The `shown`-th decision of `record` made by `node` (by any node for node 0).
const sim::NodeDecision& decision_shown(const sim::Record& record, NodeId node, int shown) {
  for (const sim::NodeDecision& made : record.decisions) {
    if ((node == 0 || made.node == node) && shown-- == 0) return made;
  }
  assert(false && "RecordStore::decisions_by counted it");
  return record.decisions.front();
}

ImVec4 colour_of(sim::RecordKind kind) {
  using K = sim::RecordKind;
  switch (kind) {
    case K::Drop:
    case K::DropMessage:
    case K::Crash: return ImVec4(0.75f, 0.15f, 0.15f, 1);
    case K::Timeout:
    case K::Campaign: return ImVec4(0.8f, 0.45f, 0.0f, 1);
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

  const auto& records = frame.session.history().branch().records;
  const std::size_t visible = frame.session.history().visible_records();
  const auto node = static_cast<NodeId>(node_filter_);
  const bool searching = text_filter_[0] != '\0';
  const auto matches = [&](const std::string& text) { return text.find(text_filter_) != std::string::npos; };
  std::vector<Row> rows;
  // The heads filter without decoding; only a search reads whole records.
  for (std::size_t i = 0; i < visible; ++i) {
    const sim::RecordHead& head = records.head(i);
    if (!show_kind_[static_cast<int>(head.kind)]) continue;
    if (node != 0 && head.node != node && head.from != node && head.to != node) continue;
    // A search finds an event by its line or by any of its reasons.
    if (searching) {
      const sim::Record record = records[i];
      if (!matches(line_of(record)) && std::none_of(record.decisions.begin(), record.decisions.end(),
                                                    [&](const sim::NodeDecision& made) { return matches(why_of(made)); })) {
        continue;
      }
    }
    rows.push_back(Row{i, -1});
    const std::size_t decisions = show_why_ ? records.decisions_by(i, node) : 0;
    for (std::size_t d = 0; d < decisions; ++d) rows.push_back(Row{i, static_cast<int>(d)});
  }

  ImGui::BeginChild("list", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(rows.size()));
  while (clipper.Step()) {
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
      const Row& shown = rows[static_cast<std::size_t>(row)];
      const sim::Record record = records[shown.record];
      ImGui::BeginGroup();
      if (shown.decision < 0) {
        ImGui::TextDisabled("%8.4fs", static_cast<double>(record.time) / raft::kSecond);
        ImGui::SameLine();
        ImGui::TextColored(colour_of(record.kind), "%-11s", sim::record_kind_name(record.kind));
        ImGui::SameLine();
        ImGui::TextUnformatted(line_of(record).c_str());
      } else {
        ImGui::TextDisabled("%9s", "");
        ImGui::SameLine();
        ImGui::TextDisabled("%-11s", "  why");
        ImGui::SameLine();
        const std::string why = why_of(decision_shown(record, node, shown.decision));
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

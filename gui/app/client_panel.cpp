// The client and the lecturer's tricks: writes, election timers, captions.
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "gui/app/panels.h"

namespace gui {

namespace {

// What each route does, for its tooltip (docs/scenarios.md, `write`).
const char* route_meaning(WriteRoute route) {
  switch (route.kind) {
    case WriteRoute::Kind::FindLeader:
      return "Recorded as `write x=1`. The client sends to the node it believes leads, follows\n"
             "\"not leader\" hints, and retries every 100 ms at the next node; it gives up after 5 s.";
    case WriteRoute::Kind::CurrentLeader:
      return "Recorded as `write x=1 via nK`, nK being the node that leads right now. The write\n"
             "goes to it and is resent only to it, even if it loses its leadership.";
    case WriteRoute::Kind::Node:
      return "The write goes to this node and is resent only to it. A node that is not the\n"
             "leader redirects it to the leader it knows; a deposed leader may answer Failed.";
  }
  return "";
}

}  // namespace

void ClientPanel::draw(const Frame& frame) {
  draw_write(frame);
  draw_history(frame);
  ImGui::Separator();
  draw_timers(frame);
  ImGui::Separator();
  draw_caption(frame);
}

// The write: its value, where it goes, and a button that says exactly that.
void ClientPanel::draw_write(const Frame& frame) {
  const sim::Simulator& simulator = frame.session.simulator();
  const int size = simulator.size();
  ImGui::TextUnformatted("Client write (key=value)");
  if (!value_typed_) std::snprintf(value_, sizeof value_, "%s", next_write_value(simulator).c_str());
  ImGui::SetNextItemWidth(frame.theme.font_size * 6);
  if (ImGui::InputText("##value", value_, sizeof value_)) value_typed_ = true;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  if (ImGui::BeginCombo("##route", route_label(route_, simulator).c_str())) {
    std::vector<WriteRoute> routes = {WriteRoute::find_leader(), WriteRoute::current_leader()};
    for (int node = 1; node <= size; ++node) routes.push_back(WriteRoute::to(static_cast<NodeId>(node)));
    for (const WriteRoute& route : routes) {
      if (ImGui::Selectable(route_label(route, simulator).c_str(), route == route_)) route_ = route;
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", route_meaning(route));
    }
    ImGui::EndCombo();
  }
  const std::optional<Action> write = client_write(value_, route_, simulator);
  const bool can_write = write && applicable(*write, simulator);
  const std::string phrase = route_label(route_, simulator);
  const std::string button =
      (route_.kind == WriteRoute::Kind::FindLeader ? "Write (" + phrase + ")" : "Write " + phrase) + "###write";
  ImGui::BeginDisabled(!can_write);
  if (ImGui::Button(button.c_str())) {
    frame.act(*write);
    value_typed_ = false;
  }
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", route_meaning(route_));
  // A read of the same key, the same way (dissertation 6.4): the History tab shows its answer.
  const std::optional<Action> read = client_read(value_, route_, simulator);
  ImGui::SameLine();
  ImGui::BeginDisabled(!read || !applicable(*read, simulator));
  if (ImGui::Button(read ? ("Read " + read->text + "###read").c_str() : "Read###read")) frame.act(*read);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Reads the key, served the cluster's way (reads log|readindex|lease); the History tab shows the answer");
  if (can_write) {
    ImGui::TextDisabled("recorded as: %s", scenario_line(*write).c_str());
  } else {
    ImGui::TextDisabled("%s", write ? "write key=value, with no spaces" : "no node leads now: choose another route");
  }
}

// The client's history: what became of each write.
void ClientPanel::draw_history(const Frame& frame) {
  const auto& operations = frame.session.simulator().history();
  // Columns as wide as their text: "acknowledged" is never cut, whatever the zoom.
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
  if (!operations.empty() && ImGui::BeginTable("writes", 4, flags, ImVec2(0, frame.theme.font_size * 7))) {
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
}

void ClientPanel::draw_timers(const Frame& frame) {
  ImGui::TextUnformatted("Election timers");
  if (ImGui::Button("Spread (S)")) frame.act(Action::spread_timers());
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Recorded as `timers spread`: timers far apart, lowest id first; one node clearly wins");
  }
  ImGui::SameLine();
  if (ImGui::Button("Align (A)")) frame.act(Action::align_timers());
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Recorded as `timers align`: every follower's timer fires at once; a split vote");
  }
  ImGui::SetNextItemWidth(frame.theme.font_size * 4);
  // Always clamped: a value typed with Ctrl+click stays in range.
  ImGui::SliderInt("##timer node", &timer_node_, 1, frame.session.simulator().size(), "n%d", ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(frame.theme.font_size * 7);
  ImGui::SliderInt("##timer ms", &timer_ms_, 1, 1000, "in %d ms", ImGuiSliderFlags_AlwaysClamp);
  ImGui::SameLine();
  const Action timer = Action::set_timer(static_cast<NodeId>(timer_node_), timer_ms_ * raft::kMillisecond);
  if (ImGui::Button("Set timer")) frame.act(timer);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Recorded as `%s`: the timer fires then, once, unless a heartbeat\n"
                      "or a vote granted resets it first.", scenario_line(timer).c_str());
  }
}

void ClientPanel::draw_caption(const Frame& frame) {
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

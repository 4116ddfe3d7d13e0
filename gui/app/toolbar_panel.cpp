// Playback: play/pause, step, step back, next change, speed, the time slider, branches.
#include <algorithm>
#include <cmath>

#include "gui/app/panels.h"
#include "gui/app/timeline_strip.h"

namespace gui {

namespace {

double faster(double speed) {
  for (double step : speed_steps()) {
    if (step > speed * 1.0001) return step;
  }
  return speed_steps().back();
}

double slower(double speed) {
  double result = speed_steps().front();
  for (double step : speed_steps()) {
    if (step < speed * 0.9999) result = step;
  }
  return result;
}

// On the same line as the last item if `width` more pixels fit, else on the next line:
// large text on a small window wraps instead of running off the edge.
void same_line_if_fits(float width, float spacing) {
  const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (ImGui::GetItemRectMax().x + spacing + width <= right) ImGui::SameLine(0, spacing);
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2 + ImGui::GetStyle().ItemSpacing.x;
}

}  // namespace

void ToolbarPanel::draw(const Frame& frame) {
  const Session& session = frame.session;
  const History& history = session.history();
  using Kind = UiCommand::Kind;

  if (ImGui::Button(session.playing() ? "Pause" : "Play", ImVec2(frame.theme.font_size * 5, 0))) {
    frame.emit(UiCommand::simple(Kind::TogglePlay));
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(history.position() == 0);
  if (ImGui::Button("< Back")) frame.emit(UiCommand::simple(Kind::StepBack));
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::SetTooltip("Step back one event (,  or Left outside a lesson)");
  }
  ImGui::SameLine();
  if (ImGui::Button("Step >")) frame.emit(UiCommand::simple(Kind::StepEvent));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Step one event (.  or Right outside a lesson)");
  ImGui::SameLine();
  if (ImGui::Button("Next change >>")) frame.emit(UiCommand::simple(Kind::StepToChange));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Run to the next new term, new leader or commit (N)");
  ImGui::SameLine();
  if (ImGui::Button("|< Start")) frame.emit(UiCommand::simple(Kind::Reset));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to the start of this branch (Home)");

  same_line_if_fits(button_width("Speed") + button_width("-") + button_width("1/1000x") + button_width("+"),
                    frame.theme.font_size * 1.5f);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Speed");
  ImGui::SameLine();
  if (ImGui::Button("-")) frame.emit(UiCommand::set_speed(slower(session.speed())));
  ImGui::SameLine();
  const std::string speed = speed_text(session.speed());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(speed.c_str());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Virtual time per real second ([ and ])");
  ImGui::SameLine();
  if (ImGui::Button("+")) frame.emit(UiCommand::set_speed(faster(session.speed())));

  // Branches of history.
  same_line_if_fits(button_width("History") + frame.theme.font_size * 8 + button_width("Help"), frame.theme.font_size * 1.5f);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("History");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(frame.theme.font_size * 8, ImGui::GetContentRegionAvail().x - button_width("Help")));
  if (ImGui::BeginCombo("##branch", history.branch().name.c_str())) {
    for (std::size_t i = 0; i < history.branches().size(); ++i) {
      const Branch& branch = history.branches()[i];
      std::string label = branch.name;
      if (branch.parent) {
        char fork[48];
        std::snprintf(fork, sizeof fork, "  (from %s at %.3f s)", history.branches()[*branch.parent].name.substr(0, 12).c_str(),
                      static_cast<double>(branch.fork_time) / raft::kSecond);
        label += fork;
      }
      if (ImGui::Selectable(label.c_str(), i == history.branch_index())) frame.emit(UiCommand::switch_branch(i));
    }
    ImGui::EndCombo();
  }
  ImGui::SameLine();
  if (ImGui::Button("Help")) frame.selection.show_help = !frame.selection.show_help;

  // The time slider: scrub to any earlier moment of this branch.
  const double horizon = static_cast<double>(session.horizon()) / raft::kSecond;
  // In doubles: a float loses microseconds after 16 s of virtual time.
  double seconds = static_cast<double>(session.shown()) / raft::kSecond;
  const double zero = 0.0;
  const double end = std::max(horizon, 0.001);
  ImGui::SetNextItemWidth(-1);
  if (ImGui::SliderScalar("##time", ImGuiDataType_Double, &seconds, &zero, &end, "t = %.3f s")) {
    frame.emit(UiCommand::seek(static_cast<Time>(std::llround(seconds * raft::kSecond))));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drag to go to any moment of this branch (on the lesson's: all of it)");
  // Fork points of this branch, as ticks under the slider.
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  for (const Branch& branch : history.branches()) {
    if (!branch.parent || horizon <= 0) continue;
    const double at = static_cast<double>(branch.fork_time) / raft::kSecond / horizon;
    if (at > 1) continue;
    const float x = min.x + static_cast<float>(at) * (max.x - min.x);
    draw->AddTriangleFilled(ImVec2(x, max.y - 6), ImVec2(x - 5, max.y + 2), ImVec2(x + 5, max.y + 2),
                            IM_COL32(200, 60, 60, 255));
  }

  // The whole lesson: terms, leaders and captions, under the slider.
  strip_ = draw_timeline_strip(frame, frame.theme.font_size * 1.1f);

  // The narration toggle, then the status line.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(ImGui::GetStyle().FramePadding.x, 0));
  bool wait = session.pause_at_captions();
  if (ImGui::Checkbox("Wait at captions", &wait)) frame.emit(UiCommand::pause_at_captions(wait));
  ImGui::PopStyleVar();
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("In a lesson, playback pauses at each caption (P).\n"
                      "Space, Right or Page Down go on; Left or Page Up go back one caption.");
  }
  ImGui::SameLine(0, frame.theme.font_size * 1.2f);
  const LessonTimeline& timeline = session.timeline();
  if (!session.status().empty()) {
    ImGui::TextColored(ImVec4(0.25f, 0.25f, 0.35f, 1), "%s", session.status().c_str());
  } else if (!timeline.done()) {
    ImGui::TextDisabled("Computing the lesson ahead: %.1f s so far.", static_cast<double>(timeline.span()) / raft::kSecond);
  } else if (!timeline.limit_text().empty()) {
    ImGui::TextDisabled("%s", timeline.limit_text().c_str());
  } else if (!frame.selection.lecture) {  // a lecture keeps the room for the drawing
    ImGui::TextDisabled("%s", ("Lesson: " + history.origin().title + ".  Press F1 for every shortcut.").c_str());
  }
  content_height_ = ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y - ImGui::GetStyle().ItemSpacing.y;
}

}  // namespace gui

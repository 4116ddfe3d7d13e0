// The keyboard: each shortcut becomes a command (or a change of UI state).
#include <GLFW/glfw3.h>

#include <algorithm>

#include "gui/app/panels.h"

namespace gui {

namespace {

bool pressed(int key, bool repeat = false) { return ImGui::IsKeyPressed(key, repeat); }

double neighbour_speed(double speed, int direction) {
  const auto& steps = speed_steps();
  auto it = std::lower_bound(steps.begin(), steps.end(), speed * 0.9999);
  if (direction > 0) {
    if (it != steps.end() && *it <= speed * 1.0001) ++it;
    return it == steps.end() ? steps.back() : *it;
  }
  return it == steps.begin() ? steps.front() : *(it - 1);
}

}  // namespace

void handle_shortcuts(const Frame& frame) {
  ImGuiIO& io = ImGui::GetIO();
  Selection& selection = frame.selection;
  using Kind = UiCommand::Kind;

  if (io.KeyCtrl) {
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) selection.zoom = std::min(3.0f, selection.zoom + 0.125f);
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) selection.zoom = std::max(0.5f, selection.zoom - 0.125f);
    if (pressed(GLFW_KEY_0)) selection.zoom = 1.0f;
    if (pressed(GLFW_KEY_S)) frame.emit(UiCommand::save("raftsim-session.scenario"));
    return;
  }
  if (io.WantTextInput) return;

  if (pressed(GLFW_KEY_F1) || (io.KeyShift && pressed(GLFW_KEY_SLASH))) selection.show_help = !selection.show_help;
  if (pressed(GLFW_KEY_ESCAPE)) {
    if (selection.show_help) selection.show_help = false;
    else selection.node = 0;
  }
  if (pressed(GLFW_KEY_SPACE)) frame.emit(UiCommand::simple(Kind::TogglePlay));
  if (pressed(GLFW_KEY_RIGHT, true) || pressed(GLFW_KEY_PERIOD, true)) frame.emit(UiCommand::simple(Kind::StepEvent));
  if (pressed(GLFW_KEY_LEFT, true) || pressed(GLFW_KEY_COMMA, true)) frame.emit(UiCommand::simple(Kind::StepBack));
  if (pressed(GLFW_KEY_N)) frame.emit(UiCommand::simple(Kind::StepToChange));
  if (pressed(GLFW_KEY_HOME)) frame.emit(UiCommand::simple(Kind::Reset));
  if (pressed(GLFW_KEY_LEFT_BRACKET)) frame.emit(UiCommand::set_speed(neighbour_speed(frame.session.speed(), -1)));
  if (pressed(GLFW_KEY_RIGHT_BRACKET)) frame.emit(UiCommand::set_speed(neighbour_speed(frame.session.speed(), +1)));
  if (pressed(GLFW_KEY_L)) selection.show_legend = !selection.show_legend;
  if (pressed(GLFW_KEY_F5)) selection.lecture = !selection.lecture;
  if (pressed(GLFW_KEY_H)) frame.act(Action::heal());
  if (pressed(GLFW_KEY_S)) frame.act(Action::spread_timers());
  if (pressed(GLFW_KEY_A)) frame.act(Action::align_timers());
  if (pressed(GLFW_KEY_W)) {
    // The next value of x, counted over the writes the client has made.
    const std::size_t writes = frame.session.simulator().history().size();
    frame.act(Action::write("x=" + std::to_string(writes + 1)));
  }
  for (int digit = 0; digit <= 9; ++digit) {
    const int node = digit == 0 ? 10 : digit;  // 0 is n10, as on a phone's keypad
    if (node <= frame.cluster.size && (pressed(GLFW_KEY_0 + digit) || pressed(GLFW_KEY_KP_0 + digit))) {
      selection.node = static_cast<NodeId>(node);
    }
  }
  const NodeId node = selection.node;
  if (node != 0 && node <= static_cast<NodeId>(frame.cluster.size)) {
    const bool up = frame.cluster.nodes[node].up;
    if (pressed(GLFW_KEY_C)) frame.act(up ? Action::crash(node) : Action::restart(node));
    if (pressed(GLFW_KEY_T) && up) frame.act(Action::campaign(node));
    if (pressed(GLFW_KEY_I)) frame.act(Action::isolate(node));
  }
}

}  // namespace gui

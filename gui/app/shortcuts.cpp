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

// The single list of shortcuts: the help overlay prints it (docs/gui.md copies it).
const std::vector<ShortcutRow>& shortcut_rows() {
  static const std::vector<ShortcutRow> rows = {
      {"Space", "play / pause (at a caption: go on)"},
      {"Right  or  Page Down", "lesson: go on to the next caption; else step one event"},
      {"Left  or  Page Up", "lesson: back one caption; else step back one event"},
      {".  and  ,", "step one event forward / back"},
      {"P", "pause at each caption: on / off"},
      {"N", "run to the next new term, new leader or commit (and its caption)"},
      {"[  and  ]", "slower / faster"},
      {"Home", "back to the start of this branch"},
      {"1 .. 9,  0", "select a node (0: n10)"},
      {"C", "crash the selected node, or restart it"},
      {"T", "force a timeout: the selected node campaigns"},
      {"I", "isolate the selected node"},
      {"G", "give leadership to the selected node (transfer: the leader catches it up, then TimeoutNow)"},
      {"H", "heal the network"},
      {"W", "write the next value (x=1, x=2, ...); the client finds the leader"},
      {"S  /  A", "spread the election timers / align them (split vote)"},
      {"click a message", "drop it (hover to see its fields)"},
      {"click a node", "inspect it"},
      {"drag a node onto another", "move it into that node's group (partition)"},
      {"drag a node to empty space", "isolate it"},
      {"drag the time slider", "go to any moment of the lesson; acting there forks a branch"},
      {"click under the slider", "go to that caption (tick) or moment (band)"},
      {"History list", "return to a branch left behind"},
      {"L", "legend on / off"},
      {"F5", "lecture mode: only the cluster and the logs, larger"},
      {"Ctrl +  /  Ctrl -  /  Ctrl 0", "zoom in / out / reset"},
      {"Ctrl S", "save the recording (Session tab)"},
      {"F1  or  ?", "this help"},
      {"Esc", "close this help, clear the selection"},
  };
  return rows;
}

void handle_shortcuts(const Frame& frame) {
  ImGuiIO& io = ImGui::GetIO();
  Selection& selection = frame.selection;
  using Kind = UiCommand::Kind;

  if (io.KeyCtrl) {
    if (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD)) selection.zoom = std::min(kZoomMax, selection.zoom + 0.125f);
    if (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT)) selection.zoom = std::max(kZoomMin, selection.zoom - 0.125f);
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
  // A presenter's clicker sends Page Down / Page Up: they always move by caption. While
  // a lesson is narrated, Right and Left do too; otherwise they step by event.
  const bool by_caption = frame.session.narrating();
  if (pressed(GLFW_KEY_PAGE_DOWN) || (by_caption && pressed(GLFW_KEY_RIGHT))) frame.emit(UiCommand::simple(Kind::Continue));
  if (pressed(GLFW_KEY_PAGE_UP) || (by_caption && pressed(GLFW_KEY_LEFT))) frame.emit(UiCommand::simple(Kind::PreviousCaption));
  if ((!by_caption && pressed(GLFW_KEY_RIGHT, true)) || pressed(GLFW_KEY_PERIOD, true)) frame.emit(UiCommand::simple(Kind::StepEvent));
  if ((!by_caption && pressed(GLFW_KEY_LEFT, true)) || pressed(GLFW_KEY_COMMA, true)) frame.emit(UiCommand::simple(Kind::StepBack));
  if (pressed(GLFW_KEY_P)) frame.emit(UiCommand::pause_at_captions(!frame.session.pause_at_captions()));
  if (pressed(GLFW_KEY_N)) frame.emit(UiCommand::simple(Kind::StepToChange));
  if (pressed(GLFW_KEY_HOME)) frame.emit(UiCommand::simple(Kind::Reset));
  if (pressed(GLFW_KEY_LEFT_BRACKET)) frame.emit(UiCommand::set_speed(neighbour_speed(frame.session.speed(), -1)));
  if (pressed(GLFW_KEY_RIGHT_BRACKET)) frame.emit(UiCommand::set_speed(neighbour_speed(frame.session.speed(), +1)));
  if (pressed(GLFW_KEY_L)) selection.show_legend = !selection.show_legend;
  if (pressed(GLFW_KEY_F5)) selection.lecture = !selection.lecture;
  if (pressed(GLFW_KEY_H)) frame.act(Action::heal());
  if (pressed(GLFW_KEY_S)) frame.act(Action::spread_timers());
  if (pressed(GLFW_KEY_A)) frame.act(Action::align_timers());
  // The next value of x; the client finds the leader, as a plain `write` does.
  if (pressed(GLFW_KEY_W)) frame.act(Action::write(next_write_value(frame.session.simulator())));
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
    if (pressed(GLFW_KEY_G)) frame.act(Action::transfer(node));
  }
}

}  // namespace gui

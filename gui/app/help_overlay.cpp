// Every keyboard shortcut, in one place.
#include "gui/app/panels.h"

namespace gui {

namespace {

constexpr const char* kShortcuts[][2] = {
    {"Space", "play / pause"},
    {"Right  or  .", "step one event"},
    {"Left  or  ,", "step back one event"},
    {"N", "run to the next new term, new leader or commit"},
    {"[  and  ]", "slower / faster"},
    {"Home", "back to the start of this branch"},
    {"1 .. 9,  0", "select a node (0: n10)"},
    {"C", "crash the selected node, or restart it"},
    {"T", "force a timeout: the selected node campaigns"},
    {"I", "isolate the selected node"},
    {"H", "heal the network"},
    {"W", "write the next value through the leader"},
    {"S  /  A", "spread the election timers / align them (split vote)"},
    {"click a message", "drop it (hover to see its fields)"},
    {"click a node", "inspect it"},
    {"drag a node onto another", "move it into that node's group (partition)"},
    {"drag a node to empty space", "isolate it"},
    {"drag the time slider", "go back to any moment; acting there forks a branch"},
    {"History list", "return to a branch left behind"},
    {"L", "legend on / off"},
    {"F5", "lecture mode: only the cluster and the logs, larger"},
    {"Ctrl +  /  Ctrl -  /  Ctrl 0", "zoom in / out / reset"},
    {"Ctrl S", "save the recording (Session tab)"},
    {"F1  or  ?", "this help"},
    {"Esc", "close this help, clear the selection"},
};

}  // namespace

void HelpOverlay::draw(const Frame& frame) {
  ImGui::TextWrapped("Everything here is also a button or a click. Every action is recorded and can be "
                     "saved as a scenario file (Session tab) that `raftsim run` replays exactly.");
  ImGui::Spacing();
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) {
    for (const auto& [key, what] : kShortcuts) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImVec4(0.1f, 0.25f, 0.65f, 1), "%s", key);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(what);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (ImGui::Button("Close (Esc)")) frame.selection.show_help = false;
}

}  // namespace gui

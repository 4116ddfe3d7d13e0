// Every keyboard shortcut, in one place.
#include "gui/app/panels.h"

namespace gui {

void HelpOverlay::draw(const Frame& frame) {
  ImGui::TextWrapped("Everything here is also a button or a click. Every action is recorded and can be "
                     "saved as a scenario file (Session tab) that `raftsim run` replays exactly.");
  ImGui::Spacing();
  if (ImGui::BeginTable("keys", 2, ImGuiTableFlags_RowBg)) {
    // The keys as wide as the widest; the descriptions take the rest and wrap, so none
    // runs off the window's right edge at any size or zoom.
    ImGui::TableSetupColumn("key", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& [key, what] : shortcut_rows()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImVec4(0.1f, 0.25f, 0.65f, 1), "%s", key);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", what);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (ImGui::Button("Close (Esc)")) frame.selection.show_help = false;
}

}  // namespace gui

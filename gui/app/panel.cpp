#include "gui/app/panel.h"

namespace gui {

void Panel::show(const Frame& frame, ImVec2 position, ImVec2 size) {
  ImGui::SetNextWindowPos(position, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  if (ImGui::Begin(title_.c_str(), nullptr, flags() | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
    draw(frame);
  }
  ImGui::End();
}

}  // namespace gui

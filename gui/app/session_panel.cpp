// Lessons and sessions: open a scenario, start a new cluster, save the recording,
// zoom for the projector.
#include <algorithm>
#include <cstring>
#include <filesystem>

#include "gui/app/panels.h"

namespace gui {

namespace {

std::vector<std::string> find_scenarios() {
  std::vector<std::string> found;
  for (const char* folder : {"scenarios", "gui/lessons", RAFTSIM_SOURCE_DIR "/scenarios", RAFTSIM_SOURCE_DIR "/gui/lessons"}) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
      if (entry.path().extension() == ".scenario") {
        found.push_back(entry.path().string());
      }
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

SessionPanel::SessionPanel() : Panel("Session"), scenarios_(find_scenarios()) {}

void SessionPanel::draw(const Frame& frame) {
  ImGui::TextUnformatted("Open a scenario (a lesson)");
  if (ImGui::BeginListBox("##scenarios", ImVec2(-1, frame.theme.font_size * 6))) {
    for (const std::string& path : scenarios_) {
      const std::string label = std::filesystem::path(path).filename().string() + "   (" + path + ")";
      if (ImGui::Selectable(label.c_str(), path == path_)) {
        std::snprintf(path_, sizeof path_, "%s", path.c_str());
      }
      if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) frame.emit(UiCommand::open(path));
    }
    ImGui::EndListBox();
  }
  ImGui::SetNextItemWidth(-frame.theme.font_size * 4);
  ImGui::InputTextWithHint("##path", "path/to/lesson.scenario", path_, sizeof path_);
  ImGui::SameLine();
  if (ImGui::Button("Open")) frame.emit(UiCommand::open(path_));

  ImGui::Separator();
  ImGui::TextUnformatted("New cluster");
  ImGui::SetNextItemWidth(frame.theme.font_size * 8);
  ImGui::SliderInt("nodes", &nodes_, 1, 9, "%d", ImGuiSliderFlags_AlwaysClamp);  // Ctrl+click typing too
  ImGui::SameLine();
  ImGui::SetNextItemWidth(frame.theme.font_size * 6);
  ImGui::InputInt("seed", &seed_);
  seed_ = std::max(seed_, 0);
  ImGui::SameLine();
  if (ImGui::Button("Create")) frame.emit(UiCommand::new_cluster(nodes_, static_cast<std::uint64_t>(seed_), options_));
  // Beyond Figure 2 (docs/architecture.md): each as a production Raft runs it, off by default.
  ImGui::Checkbox("no-op", &options_.noop);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("A new leader appends a no-op entry of its term (paper section 8)");
  ImGui::SameLine();
  ImGui::Checkbox("pre-vote", &options_.pre_vote);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Ask for pre-votes before raising the term (dissertation 9.6)");
  ImGui::SameLine();
  ImGui::Checkbox("check-quorum", &options_.check_quorum);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("A leader that hears from no majority in an election timeout steps down;\n"
                      "followers that heard from a leader ignore votes (the lease; dissertation 6.2, 9.6)");
  }

  ImGui::Separator();
  ImGui::TextUnformatted("Record this branch as a scenario (replay with raftsim run)");
  ImGui::SetNextItemWidth(-frame.theme.font_size * 4);
  ImGui::InputText("##save", save_path_, sizeof save_path_);
  ImGui::SameLine();
  if (ImGui::Button("Save")) frame.emit(UiCommand::save(save_path_));
  if (ImGui::CollapsingHeader("Preview the recording")) {
    const std::string text = frame.session.recording();
    ImGui::InputTextMultiline("##recording", const_cast<char*>(text.c_str()), text.size() + 1,
                              ImVec2(-1, frame.theme.font_size * 10), ImGuiInputTextFlags_ReadOnly);
  }

  ImGui::Separator();
  ImGui::SetNextItemWidth(frame.theme.font_size * 10);
  // Always clamped: a typed 0 (Ctrl+click) would make a font of size 0.
  ImGui::SliderFloat("zoom (Ctrl +/-)", &frame.selection.zoom, kZoomMin, kZoomMax, "%.2f", ImGuiSliderFlags_AlwaysClamp);
  ImGui::Checkbox("legend (L)", &frame.selection.show_legend);
}

}  // namespace gui

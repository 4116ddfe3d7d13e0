#include "gui/app/app.h"

#include <algorithm>

namespace gui {

void App::draw(float width, float height) {
  // A fixed classroom layout: playback on top; the cluster and the logs on the left,
  // where the class looks; safety, controls and events on the right.
  const int size = session_.simulator().size();
  const float font = theme_.font_size;
  const float toolbar = font * 5.4f;
  const float left = std::max(width * 0.6f, width - font * 38);
  const float right = width - left;
  const float body = height - toolbar;
  const float logs_height = font * 3.0f * static_cast<float>(std::min(size, 9)) + font * 3.5f;
  const float cluster_height = std::max(body * 0.6f, body - logs_height);
  // The safety panel grows to hold a violation's report.
  const float safety = session_.simulator().violation() ? std::min(body * 0.45f, font * 16) : font * 6.4f;
  const float tabs = (body - safety) * 0.58f;
  // Use the panel's width: nodes on an ellipse as wide as the panel allows.
  selection_.legend_fits = cluster_height > font * (1.25f * 13 + 0.6f + 3.4f + 1.5f);  // legend, caption, margins
  const float legend = selection_.show_legend && selection_.legend_fits ? font * 14 : 0;
  const float aspect = std::clamp((left - legend) / std::max(cluster_height - font * 4, 1.0f), 1.0f, 1.6f);

  cluster_aspect_ = aspect;
  const ClusterView cluster = build_cluster_view(session_.simulator(), session_.shown(), aspect);
  const LogView logs = build_log_view(session_.simulator());
  const Frame frame{session_, cluster, logs, theme_, selection_, commands_};
  handle_shortcuts(frame);

  toolbar_.show(frame, ImVec2(0, 0), ImVec2(width, toolbar));
  cluster_.show(frame, ImVec2(0, toolbar), ImVec2(left, cluster_height));
  logs_.show(frame, ImVec2(0, toolbar + cluster_height), ImVec2(left, body - cluster_height));
  invariants_.show(frame, ImVec2(left, toolbar), ImVec2(right, safety));
  draw_side_tabs(frame, ImVec2(left, toolbar + safety), ImVec2(right, tabs));
  events_.show(frame, ImVec2(left, toolbar + safety + tabs), ImVec2(right, body - safety - tabs));

  if (selection_.show_help) {
    const float help_width = std::min(width * 0.94f, font * 42);
    const float help_height = std::min(height * 0.94f, font * 37.5f);
    // The rest of the window dims behind the help, which stays in front and opaque.
    ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(width, height), ImGuiCond_Always);
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.1f, 0.1f, 0.15f, 0.45f));
    ImGui::Begin("##dim", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoSavedSettings);
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::SetNextWindowFocus();
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImGui::ColorConvertU32ToFloat4(theme_.overlay));
    help_.show(frame, ImVec2((width - help_width) / 2, (height - help_height) / 2), ImVec2(help_width, help_height));
    ImGui::PopStyleColor();
  }
}

void App::draw_side_tabs(const Frame& frame, ImVec2 position, ImVec2 size) {
  ImGui::SetNextWindowPos(position, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse;
  if (ImGui::Begin("Controls", nullptr, flags) && ImGui::BeginTabBar("tabs")) {
    Panel* panels[] = {&inspector_, &network_, &client_, &session_panel_, &experiment_};
    for (Panel* panel : panels) {
      std::string lower = panel->title();
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      const ImGuiTabItemFlags tab_flags = lower == pending_tab_ ? ImGuiTabItemFlags_SetSelected : 0;
      if (ImGui::BeginTabItem(panel->title().c_str(), nullptr, tab_flags)) {
        ImGui::BeginChild(panel->title().c_str());
        panel->draw(frame);
        ImGui::EndChild();
        ImGui::EndTabItem();
      }
    }
    pending_tab_.clear();
    ImGui::EndTabBar();
  }
  ImGui::End();
}

void App::apply_commands() {
  std::vector<UiCommand> commands = std::move(commands_);
  commands_.clear();
  for (const UiCommand& command : commands) {
    session_.apply(command);
    if (command.kind == UiCommand::Kind::NewCluster || command.kind == UiCommand::Kind::Open) selection_.node = 0;
  }
}

}  // namespace gui

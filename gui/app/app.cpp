#include "gui/app/app.h"

#include <algorithm>
#include <cmath>

namespace gui {

namespace {

bool has_captions(const sim::Scenario& scenario) {
  return std::any_of(scenario.commands.begin(), scenario.commands.end(),
                     [](const sim::Command& command) { return command.kind == sim::Command::Kind::Say; });
}

}  // namespace

void App::draw(float width, float height) {
  const int size = session_.simulator().size();
  const float font = theme_.font_size;
  // The toolbar wraps onto more lines when the text is large: it says how tall it was.
  const float toolbar = std::max(font * 3.0f, toolbar_.content_height());
  const float body = std::max(height - toolbar, font * 4);
  // Every row of the logs visible: a row is about two lines of text, fewer for a crowd;
  // at the least one line each (then the logs scroll).
  const float row = font * (size > 9 ? 1.45f : 2.1f);
  const float logs_wanted = row * static_cast<float>(size) + font * 2.0f;
  const float logs_least = font * (selection_.lecture ? 1.4f : 1.05f) * static_cast<float>(std::min(size, 9)) + font * 2.0f;
  const bool captions = has_captions(session_.history().origin().scenario) ||
                        !current_caption(session_.history()).empty();

  // Where the cluster and the logs go. Lecture mode: the whole window, side by side for
  // a crowd (a tall column of rows), one above the other otherwise. The classroom
  // layout: playback on top; the cluster and the logs on the left, where the class
  // looks; safety, controls and events on the right. The cluster comes first: it gets
  // the height its nodes need at the text's size (so zooming makes them larger), the
  // logs what is left, between their least and what they would like.
  ImVec2 cluster_at(0, toolbar), cluster_size, logs_at, logs_size;
  float left = width;
  if (selection_.lecture && size > 9) {
    cluster_size = ImVec2(std::round(width * 0.56f), body);
    logs_at = ImVec2(cluster_size.x, toolbar);
    logs_size = ImVec2(width - cluster_size.x, body);
  } else {
    if (!selection_.lecture) left = std::round(std::max(width * 0.6f, width - font * 38));
    const float padding = ImGui::GetStyle().WindowPadding.y * 2;
    // The legend, if the tallest the cluster can be holds it (decided before the ring is
    // fitted, so that it cannot flicker on and off with the fit).
    const float caption = captions ? cluster_.caption_band(theme_, left) : 0;
    selection_.legend_fits = body - std::min(logs_least, body * 0.4f) - padding - caption >
                             ClusterPanel::legend_height(theme_) + font;
    const float legend =
        selection_.show_legend && selection_.legend_fits && !selection_.lecture ? cluster_.legend_room(theme_) : 0;
    const float cluster_wanted = cluster_height_wanted(size, font, left - padding - legend) + padding +
                                 caption;
    const float logs_height = std::clamp(body - cluster_wanted, std::min(logs_least, body * 0.4f), logs_wanted);
    cluster_size = ImVec2(left, body - logs_height);
    logs_at = ImVec2(0, toolbar + cluster_size.y);
    logs_size = ImVec2(left, logs_height);
  }

  // Fit the ring into the cluster panel before building the view: the nodes' size in
  // view units comes from the text size, not the other way round.
  const ClusterFit fit = cluster_.plan(cluster_size, theme_, selection_, size, captions);
  cluster_aspect_ = fit.aspect;
  cluster_radius_ = fit.node_unit();
  const ClusterView cluster = build_cluster_view(session_.simulator(), session_.shown(), fit.aspect, fit.node_unit());
  const LogView logs = build_log_view(session_.simulator());
  const Frame frame{session_, cluster, logs, theme_, selection_, commands_};
  handle_shortcuts(frame);

  toolbar_.show(frame, ImVec2(0, 0), ImVec2(width, toolbar));
  cluster_.show(frame, cluster_at, cluster_size);
  logs_.show(frame, logs_at, logs_size);
  if (!selection_.lecture) {
    const float right = width - left;
    // The safety panel grows to hold a violation's report.
    const float safety = session_.simulator().violation() ? std::min(body * 0.45f, font * 16) : font * 6.4f;
    const float tabs = (body - safety) * 0.58f;
    invariants_.show(frame, ImVec2(left, toolbar), ImVec2(right, safety));
    draw_side_tabs(frame, ImVec2(left, toolbar + safety), ImVec2(right, tabs));
    events_.show(frame, ImVec2(left, toolbar + safety + tabs), ImVec2(right, body - safety - tabs));
  }

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
    Panel* panels[] = {&inspector_, &network_, &client_, &session_panel_};
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

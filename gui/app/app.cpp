#include "gui/app/app.h"

#include <GLFW/glfw3.h>
#include <imgui_internal.h>  // BringWindowToDisplayFront: the error box stays on top

#include <algorithm>
#include <cmath>

#include "gui/model/discard.h"
#include "gui/model/text_scale.h"

namespace gui {

namespace {

constexpr const char* kQuestionTitle = "Discard this run?";

bool replaces_run(const UiCommand& command) {
  return command.kind == UiCommand::Kind::Open || command.kind == UiCommand::Kind::NewCluster;
}

// The first line of the question: what the command is about to do.
std::string intent(const UiCommand& command) {
  if (command.kind == UiCommand::Kind::Open) return "Open " + command.path + "?";
  return "Start a new cluster of " + std::to_string(command.nodes) + " nodes (seed " + std::to_string(command.seed) + ")?";
}

bool has_captions(const sim::Scenario& scenario) {
  return std::any_of(scenario.commands.begin(), scenario.commands.end(),
                     [](const sim::Command& command) { return command.kind == sim::Command::Kind::Say; });
}

// Whether a node has crashed by the moment shown (it may have restarted since).
bool crashed_by_now(const History& history) {
  return history.branch().records.first_of(sim::RecordKind::Crash) < history.visible_records();
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
  // a crowd (a tall column of rows) and on a wide window (a projector's 16:9: the ring
  // gets the height, which zoomed text needs), one above the other otherwise. The classroom
  // layout: playback on top; the cluster and the logs on the left, where the class
  // looks; safety, controls and events on the right. The cluster comes first: it gets
  // the height its nodes need at the text's size (so zooming makes them larger), the
  // logs what is left, between their least and what they would like.
  ImVec2 cluster_at(0, toolbar), cluster_size, logs_at, logs_size;
  Legend legend;
  float left = width;
  if (selection_.lecture && lecture_side_by_side(static_cast<int>(width), static_cast<int>(height), size)) {
    cluster_size = ImVec2(std::round(width * (size > 9 ? 0.56f : 0.6f)), body);
    logs_at = ImVec2(cluster_size.x, toolbar);
    logs_size = ImVec2(width - cluster_size.x, body);
  } else {
    if (!selection_.lecture) left = std::round(std::max(width * 0.6f, width - font * 38));
    const float padding = ImGui::GetStyle().WindowPadding.y * 2;
    const float caption = captions ? cluster_.caption_band(theme_, left) : 0;
    // The legend, laid out for the tallest the cluster can be (decided before the ring is
    // fitted, so that it cannot flicker on and off with the fit), in at most the panel's
    // left 45%. The cluster is then at least as tall as the legend.
    if (selection_.show_legend && !selection_.lecture) {  // a lecture explains aloud
      const float tallest = body - std::min(logs_least, body * 0.4f) - padding - caption;
      legend = make_legend(legend_rows(run_facts(session_.simulator(), crashed_by_now(session_.history()))), theme_,
                           tallest - kLegendInset - font * 0.25f, (left - padding) * 0.45f);
    }
    const float legend_height = legend.shown() ? kLegendInset + legend.layout.height + font * 0.25f + padding + caption : 0;
    const float cluster_wanted =
        std::max(cluster_height_wanted(size, font, left - padding - legend_room(legend, theme_)) + padding + caption,
                 legend_height);
    const float logs_height = std::clamp(body - cluster_wanted, std::min(logs_least, body * 0.4f), logs_wanted);
    cluster_size = ImVec2(left, body - logs_height);
    logs_at = ImVec2(0, toolbar + cluster_size.y);
    logs_size = ImVec2(left, logs_height);
  }

  // Fit the ring into the cluster panel before building the view: the nodes' size in
  // view units comes from the text size, not the other way round.
  const ClusterFit fit = cluster_.plan(cluster_size, theme_, std::move(legend), size, captions);
  cluster_aspect_ = fit.aspect;
  cluster_radius_ = fit.node_unit();
  const ClusterView cluster = build_cluster_view(session_.simulator(), session_.shown(), fit.aspect, fit.node_unit());
  const LogView logs = build_log_view(session_.simulator());
  const Frame frame{session_, cluster, logs, theme_, selection_, commands_};
  if (question_.empty()) handle_shortcuts(frame);  // a modal question takes the keys

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
    const float help_height = std::min(height * 0.94f, font * 39.5f);  // as tall as the shortcut table
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
  // Over the cluster's top left (the legend), clear of the clock at its top right.
  draw_error(ImVec2(font * 0.75f, toolbar + font * 0.5f), std::min(left * 0.6f, font * 40), body - font);
  draw_question();
}

// A failure in a red box, whole and wrapped (the box grows with the text, and scrolls
// if it would pass the window's bottom), until dismissed.
void App::draw_error(ImVec2 position, float width, float height_max) {
  const std::string& error = session_.error();
  if (error.empty()) return;
  ImGui::SetNextWindowPos(position, ImGuiCond_Always);
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, height_max));
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);  // 0: the height fits the text
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.70f, 0.11f, 0.11f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Border, ImVec4(0.45f, 0.05f, 0.05f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.50f, 0.06f, 0.06f, 1.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
  ImGui::Begin("##error", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  ImGui::TextWrapped("%s", session_.status().c_str());
  ImGui::Separator();
  ImGui::TextWrapped("%s", error.c_str());
  ImGui::Spacing();
  if (ImGui::Button("Dismiss (Esc)") || (question_.empty() && ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false))) {
    dismiss_error_ = true;
  }
  ImGui::End();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor(4);
}

// The modal before a command that replaces the run.
void App::draw_question() {
  if (question_.empty()) return;
  if (!ImGui::IsPopupOpen(kQuestionTitle)) ImGui::OpenPopup(kQuestionTitle);
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(display.x * 0.9f, theme_.font_size * 30), 0), ImGuiCond_Always);
  if (ImGui::BeginPopupModal(kQuestionTitle, nullptr, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextWrapped("%s", question_.c_str());
    ImGui::Spacing();
    ImGui::TextWrapped("To keep a branch, cancel, then save it from the Session tab (or Ctrl S).");
    ImGui::Spacing();
    if (ImGui::Button("Discard and go on")) answered_ = true;
    ImGui::SameLine();
    if (ImGui::Button("Cancel (Esc)") || ImGui::IsKeyPressed(GLFW_KEY_ESCAPE, false)) answered_ = false;
    ImGui::EndPopup();
  }
}

const std::vector<std::string>& App::side_tabs() {
  // In the order draw_side_tabs() shows them; each is its panel's title, lower case.
  static const std::vector<std::string> names = {"node", "network", "client", "history", "session", "experiment"};
  return names;
}

void App::draw_side_tabs(const Frame& frame, ImVec2 position, ImVec2 size) {
  ImGui::SetNextWindowPos(position, ImGuiCond_Always);
  ImGui::SetNextWindowSize(size, ImGuiCond_Always);
  const ImGuiWindowFlags flags =
      ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse;
  if (ImGui::Begin("Controls", nullptr, flags) && ImGui::BeginTabBar("tabs")) {
    Panel* panels[] = {&inspector_, &network_, &client_, &history_panel_, &session_panel_, &experiment_};
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
  if (dismiss_error_) session_.dismiss_error();
  dismiss_error_ = false;
  if (answered_) answer(*answered_);
  answered_.reset();
  std::vector<UiCommand> commands = std::move(commands_);
  commands_.clear();
  for (const UiCommand& command : commands) apply(command);
}

void App::apply(const UiCommand& command) {
  if (replaces_run(command)) {
    const std::string lost = discard_question(work_in(session_.history()), actions_saved_);
    if (!lost.empty()) {
      waiting_ = command;  // a later one replaces an earlier one still waiting
      question_ = intent(command) + "\n" + lost;
      return;
    }
  }
  carry_out(command);
}

void App::answer(bool discard) {
  if (!waiting_) return;
  const UiCommand command = *waiting_;
  waiting_.reset();
  question_.clear();
  if (discard) carry_out(command);
}

void App::carry_out(const UiCommand& command) {
  session_.apply(command);
  if (replaces_run(command) && session_.error().empty()) {  // a new run (a bad file changes nothing)
    selection_.node = 0;
    actions_saved_ = 0;
  }
  if (command.kind == UiCommand::Kind::Save && session_.error().empty()) {
    actions_saved_ = actions_recorded(session_.history());
  }
}

}  // namespace gui

// The app: the session, the panels and their layout, and the command queue the
// panels fill and the controller drains between frames.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gui/app/experiment_panel.h"
#include "gui/app/panels.h"
#include "gui/app/theme.h"
#include "gui/model/session.h"

namespace gui {

class App {
 public:
  explicit App(Origin origin) : session_(std::move(origin)) {}

  // Between ImGui::NewFrame() and ImGui::Render(): every panel, laid out for the window.
  void draw(float width, float height);
  // Between frames: applies what the panels asked for (the controller).
  void apply_commands();
  // Queues a command as a panel would (for main.cpp's flags and for tests).
  void submit(UiCommand command) { commands_.push_back(std::move(command)); }

  Session& session() { return session_; }
  Theme& theme() { return theme_; }
  Selection& selection() { return selection_; }
  const ClusterPanel& cluster_panel() const { return cluster_; }
  const ToolbarPanel& toolbar_panel() const { return toolbar_; }
  // The cluster view of the last frame was built with this aspect (for tests).
  float cluster_aspect() const { return cluster_aspect_; }
  float cluster_node_radius() const { return cluster_radius_; }
  // True while a panel needs frames without input (the Experiment tab's live run).
  bool wants_redraw() const { return experiment_.wants_redraw(); }
  // Which side tab to show first ("node", "network", "client", "session", "experiment").
  void select_tab(const std::string& tab) { pending_tab_ = tab; }
  // The side tabs' names, lower case, as --tab takes them.
  static const std::vector<std::string>& side_tabs();

  // Opening a scenario or starting a new cluster replaces the run: when that would
  // lose branches or unsaved actions, the command waits for the user's answer in a
  // modal. The question on screen (empty: none), and the answer (from the modal's
  // buttons, or a test).
  const std::string& question() const { return question_; }
  void answer(bool discard);

 private:
  void draw_side_tabs(const Frame& frame, ImVec2 position, ImVec2 size);
  void draw_question();
  void draw_error(ImVec2 position, float width, float height_max);
  // Applies one command, unless it replaces the run and must wait for an answer.
  void apply(const UiCommand& command);
  void carry_out(const UiCommand& command);

  // The replacing command that waits for an answer, and what the last save held.
  std::optional<UiCommand> waiting_;
  std::string question_;
  std::size_t actions_saved_ = 0;
  // The modal's and the error box's buttons, applied between frames.
  std::optional<bool> answered_;
  bool dismiss_error_ = false;

  Session session_;
  Theme theme_;
  Selection selection_;
  std::vector<UiCommand> commands_;
  std::string pending_tab_;
  float cluster_aspect_ = 1.0f;
  float cluster_radius_ = 0.2f;

  ToolbarPanel toolbar_;
  ClusterPanel cluster_;
  LogPanel logs_;
  InspectorPanel inspector_;
  NetworkPanel network_;
  ClientPanel client_;
  HistoryPanel history_panel_;
  EventsPanel events_;
  InvariantsPanel invariants_;
  SessionPanel session_panel_;
  ExperimentPanel experiment_;
  HelpOverlay help_;
};

}  // namespace gui

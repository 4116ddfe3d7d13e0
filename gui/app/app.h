// The app: the session, the panels and their layout, and the command queue the
// panels fill and the controller drains between frames.
#pragma once

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

  Session& session() { return session_; }
  Theme& theme() { return theme_; }
  Selection& selection() { return selection_; }
  const ClusterPanel& cluster_panel() const { return cluster_; }
  // The cluster view of the last frame was built with this aspect (for tests).
  float cluster_aspect() const { return cluster_aspect_; }
  // True while a panel needs frames without input (the Experiment tab's live run).
  bool wants_redraw() const { return experiment_.wants_redraw(); }
  // Which side tab to show first ("node", "network", "client", "session", "experiment").
  void select_tab(const std::string& tab) { pending_tab_ = tab; }

 private:
  void draw_side_tabs(const Frame& frame, ImVec2 position, ImVec2 size);

  Session session_;
  Theme theme_;
  Selection selection_;
  std::vector<UiCommand> commands_;
  std::string pending_tab_;
  float cluster_aspect_ = 1.0f;

  ToolbarPanel toolbar_;
  ClusterPanel cluster_;
  LogPanel logs_;
  InspectorPanel inspector_;
  NetworkPanel network_;
  ClientPanel client_;
  EventsPanel events_;
  InvariantsPanel invariants_;
  SessionPanel session_panel_;
  ExperimentPanel experiment_;
  HelpOverlay help_;
};

}  // namespace gui

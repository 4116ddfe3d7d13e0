// The shared panel base: a window at a place the layout chose, wrapping Begin/End.
// A panel reads the Frame (a snapshot of the session and the views built from it)
// and emits UiCommands; it keeps only UI state (selections, filters, text being typed).
#pragma once

#include <imgui.h>

#include <string>
#include <vector>

#include "gui/app/theme.h"
#include "gui/model/cluster_view.h"
#include "gui/model/log_view.h"
#include "gui/model/session.h"
#include "gui/model/text_scale.h"

namespace gui {

// The zoom's range, the same for Ctrl +/-, the Session tab and --zoom.
inline constexpr float kZoomMin = 0.5f;
inline constexpr float kZoomMax = 3.0f;

// UI state shared by several panels.
struct Selection {
  NodeId node = 0;               // the node in the inspector (0: none)
  std::uint64_t hovered_message = 0;
  bool show_help = false;
  bool show_legend = true;      // the user's wish (L)
  float zoom = 1.0f;
  // Lecture mode (F5, --lecture): no side panels; the cluster and the logs fill the
  // window, everything in larger text.
  bool lecture = false;
  // The zoom the text is built at: the user's, and a quarter more in lecture mode.
  float text_zoom() const { return zoom * (lecture ? 1.25f : 1.0f); }
  // The window holds at least this many lines of text, whatever the zoom: past that,
  // larger text would take the room the drawing needs (see gui/model/text_scale.h).
  float lines_min(int width, int height, int nodes) const { return gui::lines_min(lecture, width, height, nodes); }
};

struct Frame {
  const Session& session;
  const ClusterView& cluster;
  const LogView& logs;
  const Theme& theme;
  Selection& selection;
  std::vector<UiCommand>& commands;

  void emit(UiCommand command) const { commands.push_back(std::move(command)); }
  void act(Action action) const { commands.push_back(UiCommand::act(std::move(action))); }
};

class Panel {
 public:
  explicit Panel(std::string title) : title_(std::move(title)) {}
  virtual ~Panel() = default;

  // Draws the panel as a window in the rectangle the layout gives it.
  void show(const Frame& frame, ImVec2 position, ImVec2 size);
  // Draws the panel's contents into the current window (e.g. a tab).
  virtual void draw(const Frame& frame) = 0;
  const std::string& title() const { return title_; }

 protected:
  virtual ImGuiWindowFlags flags() const { return ImGuiWindowFlags_NoCollapse; }

 private:
  std::string title_;
};

}  // namespace gui

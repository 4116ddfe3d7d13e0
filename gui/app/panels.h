// Every panel of the window, one class each (one .cpp each).
#pragma once

#include <string>

#include "gui/app/legend.h"
#include "gui/app/panel.h"
#include "gui/app/timeline_strip.h"
#include "gui/model/cluster_layout.h"
#include "gui/model/event_rows.h"
#include "gui/model/history_chart.h"

namespace gui {

// Play, pause, step, step back, next change, speed, the time slider and branches.
class ToolbarPanel : public Panel {
 public:
  ToolbarPanel() : Panel("Playback") {}
  void draw(const Frame& frame) override;
  // Where the lesson's time line was drawn last frame (for tests).
  const StripPlacement& strip() const { return strip_; }
  // How tall the last frame's toolbar was (it wraps when the text is large).
  float content_height() const { return content_height_; }

 private:
  StripPlacement strip_;
  float content_height_ = 0;

 protected:
  ImGuiWindowFlags flags() const override { return ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar; }
};

// The nodes on a circle, the links, the messages in flight, the caption.
class ClusterPanel : public Panel {
 public:
  ClusterPanel() : Panel("Cluster") {}
  void draw(const Frame& frame) override;
  // Before the frame's views are built: where the ring goes in a panel of `size`, with
  // room for `legend` (not shown if it is taller than the ring's room) and a caption
  // band of fixed height (so that nodes never move when the caption changes).
  // Remembered for draw().
  ClusterFit plan(ImVec2 size, const Theme& theme, Legend legend, int nodes, bool captions);
  // The caption band's fixed height in a panel `width` wide.
  static float caption_band(const Theme& theme, float width);
  // This frame's legend, as drawn (for tests).
  const Legend& legend() const { return legend_; }
  // Where a point of the last frame's view was drawn, in pixels (for tests).
  ImVec2 to_pixel(Point point) const {
    return ImVec2(centre_.x + point.x * radius_, centre_.y + point.y * radius_);
  }

 private:
  NodeId dragging_ = 0;  // a node being dragged into another group
  ClusterFit fit_;       // this frame's ring, in panel coordinates (plan())
  float caption_band_ = 0;
  Legend legend_;
  ImVec2 centre_;        // the last frame's mapping from view to pixels
  float radius_ = 1;

 protected:
  ImGuiWindowFlags flags() const override {
    return ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
  }
};

// One row per node, one cell per entry.
class LogPanel : public Panel {
 public:
  LogPanel() : Panel("Logs") {}
  void draw(const Frame& frame) override;

 protected:
  // No title: every row keeps its height (the row labels say what the panel is). Scroll
  // bars only when the rows or the entries cannot all be shown.
  ImGuiWindowFlags flags() const override {
    return ImGuiWindowFlags_NoTitleBar | (show_all_ ? ImGuiWindowFlags_HorizontalScrollbar : 0) |
           (rows_fit_ && !show_all_ ? ImGuiWindowFlags_NoScrollbar : 0);
  }

 private:
  float last_width_ = 0;  // content width last frame, to follow the end of the logs
  bool show_all_ = false;  // every entry (scrolling) instead of the folded view
  bool rows_fit_ = true;   // last frame, every row fitted the height
};

// Every field of the selected node, and the per-node actions.
class InspectorPanel : public Panel {
 public:
  InspectorPanel() : Panel("Node") {}
  void draw(const Frame& frame) override;
};

// Partitions (groups, reachability matrix), heal, loss, latency, duplication.
class NetworkPanel : public Panel {
 public:
  NetworkPanel() : Panel("Network") {}
  void draw(const Frame& frame) override;

 private:
  std::vector<int> group_of_;  // the partition being arranged: a group per node
  int loss_percent_ = -1;      // slider values, -1 until read from the simulator
  int duplicate_percent_ = -1;
  int latency_ms_[2] = {-1, -1};
};

// Client writes, timer tricks and captions.
class ClientPanel : public Panel {
 public:
  ClientPanel() : Panel("Client") {}
  void draw(const Frame& frame) override;

 private:
  void draw_write(const Frame& frame);
  void draw_history(const Frame& frame);
  void draw_timers(const Frame& frame);
  void draw_caption(const Frame& frame);

  char value_[64] = "x=1";
  bool value_typed_ = false;  // else the box shows the next value, x=1, x=2, ...
  WriteRoute route_;
  char caption_[256] = "";
  int timer_node_ = 1;
  int timer_ms_ = 200;
};

// The client's history on a time axis, judged by the linearizability checker.
class HistoryPanel : public Panel {
 public:
  HistoryPanel() : Panel("History") {}
  void draw(const Frame& frame) override;

 private:
  HistoryChart chart_;         // rebuilt when the history changes (history_fingerprint)
  std::uint64_t fingerprint_ = 0;
  bool built_ = false;
};

// Every record, with filters.
class EventsPanel : public Panel {
 public:
  EventsPanel() : Panel("Events") {}
  void draw(const Frame& frame) override;

 private:
  bool show_kind_[kRecordKinds];
  bool kinds_initialised_ = false;
  int node_filter_ = 0;
  char text_filter_[64] = "";
  bool show_why_ = true;  // each event's decisions, with their reasons, under it
  bool follow_ = true;
  std::size_t last_count_ = 0;
  EventRows rows_;  // kept from frame to frame, extended as the run goes on
};

// The safety invariants, and the scenario's expectations.
class InvariantsPanel : public Panel {
 public:
  InvariantsPanel() : Panel("Safety") {}
  void draw(const Frame& frame) override;

 protected:
  ImGuiWindowFlags flags() const override { return ImGuiWindowFlags_NoTitleBar; }
};

// Open a scenario, new cluster, record, branches, zoom.
class SessionPanel : public Panel {
 public:
  SessionPanel();
  void draw(const Frame& frame) override;

 private:
  char path_[512] = "";
  char save_path_[512] = "raftsim-session.scenario";  // as Ctrl S
  int nodes_ = 5;
  int seed_ = 1;
  CoreOptions options_;  // the options beyond Figure 2 for the next new cluster
  std::vector<std::string> scenarios_;  // found on disk, for the list
};

// Every keyboard shortcut, over everything.
class HelpOverlay : public Panel {
 public:
  HelpOverlay() : Panel("Keyboard shortcuts") {}
  void draw(const Frame& frame) override;
};

// Reads the keyboard and emits commands (no window of its own).
void handle_shortcuts(const Frame& frame);

// Every shortcut and gesture as the help overlay lists it: {keys, what they do}.
struct ShortcutRow {
  const char* keys;
  const char* what;
};
const std::vector<ShortcutRow>& shortcut_rows();

}  // namespace gui

// Colours, fonts and sizes, chosen for a classroom projector: a light background, strong
// role colours, large text that scales with the window and a zoom setting.
#pragma once

#include <imgui.h>

#include "core/types.h"
#include "gui/model/cluster_view.h"

namespace gui {

struct Theme {
  // Roles and states.
  ImU32 follower = IM_COL32(66, 110, 178, 255);
  ImU32 candidate = IM_COL32(232, 136, 20, 255);
  ImU32 pre_candidate = IM_COL32(240, 196, 120, 255);  // a paler candidate: asking, not yet running
  ImU32 leader = IM_COL32(30, 150, 70, 255);
  ImU32 crashed = IM_COL32(190, 190, 190, 255);
  ImU32 ink = IM_COL32(25, 25, 30, 255);          // text on the canvas
  ImU32 muted = IM_COL32(110, 110, 120, 255);
  ImU32 canvas = IM_COL32(252, 252, 250, 255);   // the background of every window
  ImU32 overlay = IM_COL32(246, 246, 244, 255);  // windows drawn over others (help)
  ImU32 link = IM_COL32(200, 200, 205, 255);
  ImU32 blocked = IM_COL32(215, 60, 60, 255);
  ImU32 good = IM_COL32(30, 150, 70, 255);
  ImU32 bad = IM_COL32(205, 40, 40, 255);
  ImU32 caption_band = IM_COL32(255, 247, 200, 245);

  ImU32 role(raft::Role role) const;
  ImU32 message(MessageKind kind) const;
  // A fill for log entries of `term`: distinct neighbouring terms, readable dark text.
  ImU32 term(raft::Term term) const;
  // Partition group backgrounds.
  ImU32 group(int group) const;

  // ---- Fonts and sizes ----------------------------------------------------------
  ImFont* regular = nullptr;  // panels
  ImFont* large = nullptr;    // node ids, captions, the clock
  float scale = 1.0f;         // 1.0 at 1500x950 with zoom 1
  float font_size = 18.0f;    // regular font, in pixels, at the current scale
  bool have_ttf = false;

  // Rebuilds the font atlas if the window size or zoom changed enough to matter.
  // Call between frames (before ImGui::NewFrame). Returns true if it rebuilt.
  // The size comes from text_scale (gui/model/text_scale.h): the text never grows past
  // a `lines_min`-th of the window's height.
  bool update(int window_width, int window_height, float zoom, float lines_min);
};

}  // namespace gui

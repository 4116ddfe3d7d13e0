// The narration band at the foot of the cluster view: the scenario's `say` lines.
#pragma once

#include <imgui.h>

#include "gui/app/panel.h"

namespace gui {

// The height to keep free for this frame's caption in a panel `width` pixels wide
// (0 when there is none). At least two lines, so the circle does not jump about.
float caption_band_height(const Frame& frame, float width);

// Draws this frame's caption at the bottom of the rectangle [min, max].
void draw_caption(ImDrawList* draw, ImVec2 min, ImVec2 max, const Frame& frame);

}  // namespace gui

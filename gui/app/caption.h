// The narration band at the foot of the cluster view: the scenario's `say` lines.
#pragma once

#include <imgui.h>

#include "gui/app/panel.h"

namespace gui {

// The caption band's height, whatever the caption says, so that nodes never move when
// the caption changes: three lines, two on a wide panel (about 80 characters a line).
float fixed_caption_band(const Theme& theme, float width);

// Draws this frame's caption at the bottom of the rectangle [min, max], within a band
// `band` pixels tall: a caption longer than the band gets smaller text rather than
// cover the drawing.
void draw_caption(ImDrawList* draw, ImVec2 min, ImVec2 max, const Frame& frame, float band);

}  // namespace gui

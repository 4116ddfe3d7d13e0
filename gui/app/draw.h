// Small drawing helpers shared by the panels: message glyphs, dashed lines, text
// centred on a point.
#pragma once

#include <imgui.h>

#include "gui/app/theme.h"
#include "gui/model/cluster_view.h"

namespace gui {

// The glyph of a message kind (its row of gui/model/message_kinds.h); `size` is the
// radius in pixels.
// `outline` adds a white rim (clearer over lines, but twice the triangles: software
// OpenGL pays per triangle, so crowded views go without).
void draw_message_glyph(ImDrawList* draw, ImVec2 centre, float size, MessageKind kind, ImU32 colour, bool outline = true);
// A dashed circle: every other one of 2 * dashes arcs.
void draw_dashed_circle(ImDrawList* draw, ImVec2 centre, float radius, ImU32 colour, float thickness, int dashes);
void draw_dashed_line(ImDrawList* draw, ImVec2 from, ImVec2 to, ImU32 colour, float thickness, float dash);
void draw_text_centred(ImDrawList* draw, ImFont* font, float size, ImVec2 centre, ImU32 colour, const char* text);
ImU32 with_alpha(ImU32 colour, float alpha);

}  // namespace gui

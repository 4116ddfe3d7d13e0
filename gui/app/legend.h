// The cluster view's legend box: the rows this run can draw (gui/model/legend.h), in
// one column or two, measured and drawn in the theme's text.
#pragma once

#include <imgui.h>

#include <vector>

#include "gui/app/theme.h"
#include "gui/model/legend.h"

namespace gui {

struct Legend {
  std::vector<LegendRow> rows;
  LegendLayout layout;  // columns == 0: not shown
  bool shown() const { return layout.columns > 0; }
};

// The rows laid out in a box at most `height_max` tall and `width_max` wide, or not at
// all if even two columns would not fit.
Legend make_legend(std::vector<LegendRow> rows, const Theme& theme, float height_max, float width_max);

// The legend's box stands this far from the cluster panel's top left corner.
inline constexpr float kLegendInset = 8;

// The room the legend takes from the ring: the inset, its width and a gap (0 when not shown).
float legend_room(const Legend& legend, const Theme& theme);

// Draws the box with its top left at `at`.
void draw_legend(ImDrawList* draw, ImVec2 at, const Legend& legend, const Theme& theme);

}  // namespace gui

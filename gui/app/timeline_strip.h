// The whole lesson under the time slider: a band per term coloured by its leader (grey
// while there is none), and a tick per caption. Hover a tick to read the caption, click
// it to go there; click a band to go to that moment.
#pragma once

#include <imgui.h>

#include <algorithm>

#include "gui/app/panel.h"

namespace gui {

// Where the strip was drawn and the time at its right end: where a moment's pixel is.
struct StripPlacement {
  ImVec2 min, max;
  Time horizon = 1;
  float x(Time time) const {
    const double at = std::min(1.0, static_cast<double>(time) / static_cast<double>(horizon));
    return min.x + static_cast<float>(at) * (max.x - min.x);
  }
};

// Draws the strip in the current window, `height` pixels tall and as wide as the
// slider above it.
StripPlacement draw_timeline_strip(const Frame& frame, float height);

}  // namespace gui

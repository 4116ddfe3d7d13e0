// The whole lesson under the time slider: a band per term coloured by its leader (grey
// while there is none), and a tick per caption. Hover a tick to read the caption, click
// it to go there; click a band to go to that moment.
#pragma once

#include <imgui.h>

#include "gui/app/panel.h"

namespace gui {

// Draws the strip in the current window, `height` pixels tall and as wide as the
// slider above it.
void draw_timeline_strip(const Frame& frame, float height);

}  // namespace gui

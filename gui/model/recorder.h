// Turns a branch of history into a scenario file that `raftsim run` replays to the
// identical state: the scenario's own lines as far as it played, then the user's
// actions, with the time between them spelled as `step N` (N simulator events) and
// `run DURATION` (the clock moving on), the very primitives the GUI used.
#pragma once

#include <string>

#include "gui/model/history.h"

namespace gui {

// The current branch up to the current position, then `run` to `shown_time` (the
// moment on screen, which may lie between two events).
std::string record_scenario(const History& history, Time shown_time);

}  // namespace gui

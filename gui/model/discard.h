// Before the run is replaced (opening a scenario, starting a new cluster), what would be
// lost, in words for the question the app asks. Going back to the start of a branch
// (Home, |< Start) replaces nothing: every branch and its future stay, so it never asks.
#pragma once

#include <cstddef>
#include <string>

#include "gui/model/history.h"

namespace gui {

// The user's work in a run.
struct RunWork {
  std::size_t branches = 1;  // branches of history, the first included
  std::size_t actions = 0;   // the user's actions over every branch (a fork's shared past counted once)
  friend bool operator==(const RunWork&, const RunWork&) = default;
};

RunWork work_in(const History& history);

// The actions a save writes now: the current branch's, up to the moment shown.
std::size_t actions_recorded(const History& history);

// The question to ask before the run is replaced, e.g. "This discards 3 branches of
// history and 5 actions (2 not saved)." Empty when nothing would be lost: one branch
// and every action in the last save. `actions_saved`: actions_recorded() at the last
// save (0 if never saved); actions beyond that many are counted as not saved.
std::string discard_question(const RunWork& work, std::size_t actions_saved);

}  // namespace gui

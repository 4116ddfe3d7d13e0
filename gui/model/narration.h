// Narration that waits for the teacher: which `say` lines are on screen, where the lesson's
// captions sit among a branch's ops (to pause at them, and to go back and forth between
// them), and whether the run shown is still the lesson's.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gui/model/history.h"

namespace gui {

// The caption on screen at the moment shown.
struct CaptionView {
  // The lines said at the moment of the newest one, oldest first, at most `lines_max`;
  // the last is the newest (lines said at one moment appear one at a time).
  std::vector<std::string> lines;
  // The teacher acted since: the run shown is no longer the lesson, and this lesson
  // caption may no longer describe it. `left_text` says so, and when.
  bool left_lesson = false;
  std::string left_text;
};

// The ops of `branch` after which each of the lesson's `say` lines appears, in order:
// a caption shows once ops[op] has been applied (History::position() > op).
std::vector<std::size_t> caption_ops(const Branch& branch);

// The first op at or after `from` that is the teacher's own (an action, or the clock
// moved by hand), if any: from there on the run has left the lesson.
std::optional<std::size_t> first_own_op(const Branch& branch, std::size_t from);

// Where branch `index` left the lesson: where it or one of its ancestors forked off
// (every fork is the teacher acting), or, on the first branch, `root_departure`
// (first_own_op() of branches[0], which the caller keeps up to date cheaply).
std::optional<std::size_t> departure_op(const std::vector<Branch>& branches, std::size_t index,
                                        std::optional<std::size_t> root_departure);

// The caption at the history's current moment. `departure` is departure_op() of the
// current branch.
CaptionView caption_view(const History& history, std::optional<std::size_t> departure, int lines_max = 3);

// Whether one of the lesson's captions appeared since `notes_before` notes were visible.
bool caption_appeared_since(const History& history, std::size_t notes_before);

// How many of the lesson's captions have appeared at the history's current moment.
std::size_t captions_seen(const History& history);

}  // namespace gui

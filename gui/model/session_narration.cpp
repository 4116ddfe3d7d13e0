// The Session's narration: going on to the next caption, back one, to any, to the first
// on opening, and "next change" landing after its caption. (Playback's own pause at each
// caption is in Session::play_to.)
#include <algorithm>
#include <functional>

#include "gui/model/session.h"

namespace gui {

namespace {

// StepToChange gives up after this many units.
constexpr int kUnitsPerChange = 100000;
// Going on to the next caption, or jumping to one, gives up after this many units.
constexpr std::size_t kUnitsPerCaption = 2'000'000;
// The opening caption, or a change's own caption, is looked for this many units ahead.
constexpr std::size_t kUnitsNearby = 1000;

}  // namespace

bool Session::advance_to_caption(std::size_t units_max, const std::function<bool(History&)>& keep_going) {
  History& history = *history_;
  const std::size_t start = history.position();
  for (std::size_t units = 0; units < units_max && keep_going(history) && history.next_time(); ++units) {
    const std::size_t notes = history.visible_notes();
    if (!history.advance()) break;
    if (caption_appeared_since(history, notes)) {
      show_time_reached();
      return true;
    }
  }
  history.seek_ops(start);
  return false;
}

void Session::show_opening_caption() {
  if (!narrating()) return;
  const std::size_t start = history_->position();
  history_->seek_ops(0);
  // Only if nothing happens before it (no event, no time passing): the class should not
  // miss the start of the run.
  const auto at_start = [](History& h) { return h.state().simulator().stats().events == 0 && h.next_time() == 0; };
  if (!advance_to_caption(kUnitsNearby, at_start)) {
    history_->seek_ops(start);
  }
  shown_ = std::max(shown_, history_->state().simulator().now());
}

// To the next new term, new leader or commit; while narrating, to the caption that
// explains it (said at the same moment), or to a caption met on the way.
void Session::step_to_change() {
  History& history = *history_;
  playing_ = false;
  const bool narrated = narrating();
  bool found = false;
  bool caption = false;
  for (int units = 0; units < kUnitsPerChange && !found && !caption && history.next_time(); ++units) {
    const std::size_t seen = history.visible_records();
    const std::size_t notes = history.visible_notes();
    if (!history.advance()) break;
    const auto& records = history.branch().records;
    const std::size_t visible = history.visible_records();
    for (std::size_t i = seen; i < visible && !found; ++i) found = is_state_change(records[i]);
    caption = narrated && caption_appeared_since(history, notes);
  }
  show_time_reached();
  if (found && !caption && narrated) {
    const Time moment = history.state().simulator().now();
    advance_to_caption(kUnitsNearby, [moment](History& h) { return h.next_time() == moment; });
  }
  if (!found && !caption) status_ = "No new term, leader or commit came.";
}

void Session::continue_narration() {
  if (!playing_) {
    playing_ = true;
    return;
  }
  // Already playing: a second press finishes the way to the next caption at once, if
  // the lesson (as computed ahead) has one still to come on this run; otherwise play on.
  const bool ahead = !departure() && captions_seen(*history_) < timeline_->captions().size();
  if (ahead && advance_to_caption(kUnitsPerCaption, [](History&) { return true; })) playing_ = false;
}

void Session::previous_caption() {
  History& history = *history_;
  playing_ = false;
  const std::vector<std::size_t> ops = caption_ops(history.branch());
  const std::size_t seen = captions_seen(history);
  if (seen == 0) {
    status_ = "No caption before this moment.";
    return;
  }
  std::size_t target = ops[seen - 1] + 1;
  if (target == history.position()) {
    if (seen < 2) {
      status_ = "This is the lesson's first caption.";
      return;
    }
    target = ops[seen - 2] + 1;
  }
  history.seek_ops(target);
  show_time_reached();
}

void Session::jump_to_caption(std::size_t caption) {
  playing_ = false;
  if (caption >= timeline_->captions().size()) return;
  // A caption past the point where this branch left the lesson is on the lesson's own line.
  std::vector<std::size_t> ops = caption_ops(history_->branch());
  const std::optional<std::size_t> left = departure();
  if (history_->branch_index() != 0 && (caption >= ops.size() || (left && ops[caption] >= *left))) {
    history_->switch_branch(0, shown_);
    ops = caption_ops(history_->branch());
  }
  History& history = *history_;
  if (caption < ops.size()) {
    history.seek_ops(ops[caption] + 1);
  } else {
    history.seek_ops(history.branch().ops.size());
    while (caption_ops(history.branch()).size() <= caption) {
      if (!advance_to_caption(kUnitsPerCaption, [](History&) { return true; })) break;
    }
  }
  show_time_reached();
}

}  // namespace gui

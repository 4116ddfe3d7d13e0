#include "gui/model/narration.h"

#include <algorithm>
#include <cstdio>

namespace gui {

std::vector<std::size_t> caption_ops(const Branch& branch) {
  std::vector<std::size_t> ops;
  for (const Branch::TimedNote& note : branch.notes) {
    if (note.note.kind == sim::Note::Kind::Say) ops.push_back(note.op);
  }
  return ops;
}

std::optional<std::size_t> first_own_op(const Branch& branch, std::size_t from) {
  for (std::size_t op = from; op < branch.ops.size(); ++op) {
    const Op::Kind kind = branch.ops[op].kind;
    if (kind == Op::Kind::Act || kind == Op::Kind::RunUntil) return op;
  }
  return std::nullopt;
}

std::optional<std::size_t> departure_op(const std::vector<Branch>& branches, std::size_t index,
                                        std::optional<std::size_t> root_departure) {
  std::optional<std::size_t> departure;
  for (std::optional<std::size_t> at = index; at; at = branches[*at].parent) {
    const Branch& branch = branches[*at];
    const std::optional<std::size_t> own = branch.parent ? std::optional(branch.fork_ops) : root_departure;
    if (own && (!departure || *own < *departure)) departure = own;
  }
  return departure;
}

bool caption_appeared_since(const History& history, std::size_t notes_before) {
  const auto& notes = history.branch().notes;
  for (std::size_t i = notes_before; i < history.visible_notes(); ++i) {
    if (notes[i].note.kind == sim::Note::Kind::Say) return true;
  }
  return false;
}

std::size_t captions_seen(const History& history) {
  const std::vector<std::size_t> ops = caption_ops(history.branch());
  return static_cast<std::size_t>(std::lower_bound(ops.begin(), ops.end(), history.position()) - ops.begin());
}

CaptionView caption_view(const History& history, std::optional<std::size_t> departure, int lines_max) {
  CaptionView view;
  const auto& records = history.branch().records;
  // The lines said at the moment of the newest one said so far.
  const auto& says = records.says();
  const sim::RecordHead* newest = nullptr;
  for (auto say = std::lower_bound(says.begin(), says.end(), history.visible_records());
       say != says.begin() && static_cast<int>(view.lines.size()) < lines_max;) {
    --say;
    const sim::RecordHead& head = records.head(*say);
    if (newest && head.time != newest->time) break;
    if (!newest) newest = &head;
    view.lines.push_back(records[*say].reason);
  }
  std::reverse(view.lines.begin(), view.lines.end());
  if (!newest || !departure || history.position() <= *departure) return view;
  // A line the teacher said after taking over is theirs, and describes their run.
  const auto& notes = history.branch().notes;
  const bool lesson_line = std::any_of(notes.begin(), notes.end(), [&](const Branch::TimedNote& note) {
    return note.note.kind == sim::Note::Kind::Say && note.note.after_record == newest->sequence;
  });
  if (!lesson_line) return view;
  view.left_lesson = true;
  const Op& own = history.branch().ops[*departure];
  char text[160];
  std::snprintf(text, sizeof text,
                "You took over at %.3f s: the run has left the lesson, so this caption may no longer hold.",
                static_cast<double>(own.time) / raft::kSecond);
  view.left_text = text;
  return view;
}

}  // namespace gui

#include "gui/model/discard.h"

#include <algorithm>

namespace gui {

namespace {

std::string counted(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

RunWork work_in(const History& history) {
  RunWork work;
  work.branches = history.branches().size();
  for (const Branch& branch : history.branches()) {
    // A fork copies its parent's ops up to fork_ops: count only the branch's own.
    const auto own = branch.ops.begin() + static_cast<long>(std::min(branch.fork_ops, branch.ops.size()));
    work.actions += static_cast<std::size_t>(
        std::count_if(own, branch.ops.end(), [](const Op& op) { return op.kind == Op::Kind::Act; }));
  }
  return work;
}

std::size_t actions_recorded(const History& history) {
  const auto& ops = history.branch().ops;
  const auto end = ops.begin() + static_cast<long>(std::min(history.position(), ops.size()));
  return static_cast<std::size_t>(std::count_if(ops.begin(), end, [](const Op& op) { return op.kind == Op::Kind::Act; }));
}

std::string discard_question(const RunWork& work, std::size_t actions_saved) {
  const std::size_t unsaved = work.actions > actions_saved ? work.actions - actions_saved : 0;
  if (work.branches <= 1 && unsaved == 0) return "";
  std::string lost;
  if (work.branches > 1) lost = counted(work.branches, "branch", "branches") + " of history";
  if (work.actions > 0) {
    if (!lost.empty()) lost += " and ";
    lost += counted(work.actions, "action", "actions") + " of yours";
    lost += unsaved == work.actions ? " (none saved)"
            : unsaved == 0         ? " (all saved)"
                                   : " (" + std::to_string(unsaved) + " not saved)";
  }
  return "This discards " + lost + ".";
}

}  // namespace gui

#include "gui/model/log_view.h"

#include <algorithm>

namespace gui {

namespace {

// The reference log: the leader's, else the most up-to-date live log (5.4.1 order:
// the higher last term, then the longer log).
NodeId reference_node(const sim::Simulator& simulator) {
  if (const auto leader = simulator.leader()) return *leader;
  NodeId best = 0;
  std::pair<Term, Index> best_key{0, 0};
  for (NodeId node = 1; node <= static_cast<NodeId>(simulator.size()); ++node) {
    if (!simulator.is_up(node)) continue;
    const raft::Log& log = simulator.node(node).log();
    const std::pair<Term, Index> key{log.last_term(), log.last_index()};
    if (best == 0 || key > best_key) {
      best = node;
      best_key = key;
    }
  }
  return best;
}

}  // namespace

LogView build_log_view(const sim::Simulator& simulator) {
  LogView view;
  view.reference = reference_node(simulator);
  const raft::LogEntries* reference =
      view.reference ? &simulator.node(view.reference).log().entries() : nullptr;
  const Term reference_last_term = reference && !reference->empty() ? reference->back().term : 0;
  const Index cluster_committed = simulator.committed_length();

  for (NodeId node = 1; node <= static_cast<NodeId>(simulator.size()); ++node) {
    LogRow row;
    row.node = node;
    row.up = simulator.is_up(node);
    row.is_reference = node == view.reference;
    const raft::LogEntries& entries =
        row.up ? simulator.node(node).log().entries() : simulator.storage(node).log();
    if (row.up) {
      row.commit_index = simulator.node(node).commit_index();
      row.last_applied = simulator.node(node).last_applied();
    }
    row.cells.reserve(entries.size());
    for (Index index = 1; index <= entries.size(); ++index) {
      const raft::LogEntry& entry = entries[index - 1];
      LogCell cell{index, entry.term, entry.command, index <= row.commit_index, false, index <= cluster_committed};
      if (reference && !row.is_reference) {
        if (index <= reference->size()) {
          cell.divergent = (*reference)[index - 1].term != entry.term;
        } else {
          // Beyond the reference log: an older term can never be committed as it stands.
          cell.divergent = entry.term < reference_last_term;
        }
      }
      view.max_term = std::max(view.max_term, entry.term);
      row.cells.push_back(std::move(cell));
    }
    view.longest = std::max<Index>(view.longest, entries.size());
    view.rows.push_back(std::move(row));
  }
  return view;
}

}  // namespace gui

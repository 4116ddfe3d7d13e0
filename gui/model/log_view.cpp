#include "gui/model/log_view.h"

#include <algorithm>
#include <set>

#include "sim/client/state_machine.h"

namespace gui {

namespace {

// A configuration entry's command (core/configuration.h); a client's is key=value.
bool is_configuration_command(const std::string& command) { return command.rfind("config ", 0) == 0; }

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

// The indexes that AppendEntries in flight carry.
std::vector<Index> indexes_in_flight(const sim::Simulator& simulator) {
  std::set<Index> indexes;
  for (const sim::InFlightMessage* message : simulator.in_flight()) {
    const auto* rpc = std::get_if<raft::Message>(&message->envelope);
    const auto* append = rpc ? std::get_if<raft::AppendEntries>(&rpc->payload) : nullptr;
    if (append == nullptr || append->entries.empty() || message->doomed) continue;
    indexes.insert(append->prev_log_index + 1);
    indexes.insert(append->prev_log_index + append->entries.size());
  }
  return {indexes.begin(), indexes.end()};
}

std::string term_text(Term term) { return "term " + std::to_string(term); }

// What a snapshot's state machine holds, in a line: "3 keys: a=1, b=2, k=60".
std::string snapshot_contents(const raft::Snapshot& snapshot) {
  const auto decoded = sim::decode_state_machine(snapshot.data);
  if (!decoded) return "an unreadable state machine";
  std::string text = std::to_string(decoded->map.size()) + (decoded->map.size() == 1 ? " key" : " keys");
  std::size_t shown = 0;
  for (const auto& [key, value] : decoded->map) {
    text += (shown == 0 ? ": " : ", ") + key + "=" + value;
    if (++shown == 6 && decoded->map.size() > shown) return text + ", ...";
  }
  return text;
}

// The term a log has at `index`, 0 if it holds no entry there. Below its snapshot every
// entry is committed, so it is the same as in any other log (`otherwise`).
Term term_in(const raft::Log& log, Index index, Term otherwise) {
  if (index <= log.snapshot_index()) return index == log.snapshot_index() ? log.snapshot_term() : otherwise;
  return index <= log.last_index() ? log.term_at(index) : 0;
}

}  // namespace

LogView build_log_view(const sim::Simulator& simulator) {
  LogView view;
  view.reference = reference_node(simulator);
  view.reference_leads = view.reference != 0 && simulator.leader() == view.reference;
  const raft::Log* reference = view.reference ? &simulator.node(view.reference).log() : nullptr;
  view.cluster_committed = simulator.committed_length();
  view.in_flight = indexes_in_flight(simulator);

  for (NodeId node = 1; node <= static_cast<NodeId>(simulator.size()); ++node) {
    LogRow row;
    row.node = node;
    row.up = simulator.is_up(node);
    row.is_reference = node == view.reference;
    const sim::Storage& storage = simulator.storage(node);
    const raft::LogEntries& entries = row.up ? simulator.node(node).log().entries() : storage.log();
    const Index first = row.up ? simulator.node(node).log().first_index() : storage.first_index();
    if (row.up) {
      row.commit_index = simulator.node(node).commit_index();
      row.last_applied = simulator.node(node).last_applied();
    }
    const raft::SharedSnapshot& snapshot = row.up ? simulator.node(node).snapshot() : storage.snapshot();
    if (snapshot) {
      row.snapshot_index = snapshot->metadata.last_included_index;
      row.snapshot_term = snapshot->metadata.last_included_term;
      row.snapshot_holds = snapshot_contents(*snapshot);
    }
    const Index last = first - 1 + entries.size();
    row.cells.reserve(last);
    for (Index index = 1; index <= last; ++index) {
      LogCell cell;
      if (index < first) {
        // In the snapshot: committed; its term from the storage's record for the checker.
        const Term term = index <= storage.last_index() ? storage.term_at(index) : row.snapshot_term;
        cell = LogCell{index, term, "", false, true, false, true};
        cell.compacted = true;
      } else {
        const raft::LogEntry& entry = entries[index - first];
        cell = LogCell{index, entry.term, sim::entry_label(entry), raft::is_noop(entry), index <= row.commit_index, false,
                       index <= view.cluster_committed};
        cell.stamp = entry.stamp;
      }
      if (reference && !row.is_reference) {
        cell.reference_term = term_in(*reference, index, cell.term);
        // Log Matching (5.3): same index and term, same entry; anything else differs.
        cell.divergent = cell.reference_term != cell.term;
      }
      view.max_term = std::max(view.max_term, cell.term);
      row.cells.push_back(std::move(cell));
    }
    view.longest = std::max<Index>(view.longest, last);
    view.rows.push_back(std::move(row));
  }
  return view;
}

std::string reference_name(const LogView& view) {
  if (view.reference == 0) return "no reference log";
  const std::string name = "n" + std::to_string(view.reference);
  return view.reference_leads ? "the leader " + name + "'s log" : name + "'s log (the most up to date)";
}

std::string cell_label(const LogCell& cell, std::size_t room) {
  std::string label = is_configuration_command(cell.command) ? "config" : cell.command;
  if (label.size() > room && room > 1) label = label.substr(0, room - 1) + "~";
  return label;
}

std::string describe_cell(const LogView& view, const LogRow& row, const LogCell& cell) {
  if (cell.compacted) {
    return "n" + std::to_string(row.node) + ", entry " + std::to_string(cell.index) + ": compacted into n" +
           std::to_string(row.node) + "'s snapshot through entry " + std::to_string(row.snapshot_index) + " (term " +
           std::to_string(row.snapshot_term) + ").\nThe log no longer holds it; the snapshot holds the state machine " +
           "it built: " + row.snapshot_holds + ".";
  }
  std::string text = "n" + std::to_string(row.node) + ", entry " + std::to_string(cell.index) + ": " + cell.command +
                     ", " + term_text(cell.term) + ".\n";
  if (cell.stamp.client != 0) {
    text += "Written by client " + std::to_string(cell.stamp.client) + " (its write #" + std::to_string(cell.stamp.sequence) +
            "): a second copy of it in the log is applied once (dissertation 6.3).\n";
  }
  if (is_configuration_command(cell.command)) {
    text += "A configuration entry: each server uses the newest one in its log, committed or not "
            "(dissertation 4.1).\n";
  }
  if (cell.noop) text += "The no-op its leader appended at the start of term " + std::to_string(cell.term) +
                         ": no client wrote it, and committing it commits every entry before it.\n";
  if (!row.up) {
    text += "On disk: the node is down.";
  } else if (cell.committed) {
    text += "Committed here (commit index " + std::to_string(row.commit_index) + ").";
  } else if (cell.cluster_committed) {
    text += "Committed by the cluster; this node has not heard so yet.";
  } else {
    text += "Not committed.";
  }
  if (row.is_reference) {
    text += "\nThis is " + reference_name(view) + ": the others are compared with it.";
  } else if (cell.divergent) {
    text += "\nDiffers from " + reference_name(view) + ", which " +
            (cell.reference_term == 0 ? "has no entry " + std::to_string(cell.index) + "."
                                      : "has " + term_text(cell.reference_term) + " at index " +
                                            std::to_string(cell.index) + ".");
  } else if (view.reference != 0) {
    text += "\nThe same as in " + reference_name(view) + ".";
  }
  return text;
}

std::vector<LogColumn> log_columns(const LogView& view, int max_columns) {
  const Index longest = view.longest;
  const auto budget = static_cast<Index>(std::max(max_columns, 3));
  std::vector<LogColumn> columns;
  if (longest == 0) return columns;
  if (longest <= budget) {
    for (Index index = 1; index <= longest; ++index) columns.push_back({index, index, false});
    return columns;
  }

  // What matters, most important first.
  std::vector<Index> anchors{longest};
  std::set<Index> first_divergent;
  for (const LogRow& row : view.rows) {
    for (const LogCell& cell : row.cells) {
      if (cell.divergent) {
        first_divergent.insert(cell.index);
        break;
      }
    }
  }
  anchors.insert(anchors.end(), first_divergent.begin(), first_divergent.end());
  if (view.reference != 0) anchors.push_back(view.rows[view.reference - 1].commit_index);
  anchors.push_back(view.cluster_committed);
  for (const LogRow& row : view.rows) anchors.push_back(row.commit_index);
  for (const LogRow& row : view.rows) {
    if (row.snapshot_index > 0) anchors.push_back(row.snapshot_index);  // the snapshot boundary stays in view
  }
  anchors.insert(anchors.end(), view.in_flight.begin(), view.in_flight.end());
  anchors.push_back(1);

  // Columns used = entries shown + gaps between them; adding one entry costs 1, plus 1
  // if it splits a gap in two, minus 1 if it fills a gap of one.
  std::vector<bool> shown(longest + 2, false);
  Index used = 1;  // one gap: everything folded
  const auto add = [&](Index index) {
    if (index < 1 || index > longest || shown[index]) return;
    const bool gap_left = index > 1 && !shown[index - 1];
    const bool gap_right = index < longest && !shown[index + 1];
    const Index cost_plus = 1 + (gap_left && gap_right ? 1 : 0);
    const Index cost_minus = !gap_left && !gap_right ? 1 : 0;
    if (used + cost_plus - cost_minus > budget) return;
    shown[index] = true;
    used = used + cost_plus - cost_minus;
  };
  for (Index anchor : anchors) add(anchor);
  for (Index step = 1; step < longest && used < budget; ++step) {
    for (Index anchor : anchors) {
      add(anchor + step);
      if (anchor > step) add(anchor - step);
    }
  }

  for (Index index = 1; index <= longest;) {
    if (shown[index]) {
      columns.push_back({index, index, false});
      ++index;
      continue;
    }
    const Index first = index;
    while (index <= longest && !shown[index]) ++index;
    columns.push_back({first, index - 1, true});
  }
  return columns;
}

}  // namespace gui

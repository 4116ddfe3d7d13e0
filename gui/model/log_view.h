// What the log view draws: one row per node, one cell per entry, with the commit and
// applied indexes and which entries differ from the reference log (the leader's, or
// the most up-to-date one when there is no leader). It describes, never predicts: a
// cell that differs says so and with what, not what will become of it.
//
// Long logs do not fit a projector: log_columns() picks the columns worth showing (the
// entries that differ, the commit points, the entries in flight, the end of the logs)
// and folds the rest into "... N entries ..." gaps.
#pragma once

#include <string>
#include <vector>

#include "sim/cluster/simulator.h"

namespace gui {

using raft::Index;
using raft::NodeId;
using raft::Term;

struct LogCell {
  Index index = 0;
  Term term = 0;
  std::string command;      // the client's "key=value", or "no-op" for a leader's no-op
  bool noop = false;        // a leader's no-op (paper section 8): no client wrote it
  bool committed = false;   // index <= the node's commit index
  bool divergent = false;   // differs from the reference log at this index (or it has none)
  bool cluster_committed = false;  // in the cluster's committed prefix (by the checker)
  Term reference_term = 0;  // the reference log's term at this index (0: it has no entry here)
  bool compacted = false;   // replaced by the node's snapshot: the log no longer holds it
  raft::ClientStamp stamp{};  // who wrote it: client id and its sequence number (6.3)
};

struct LogRow {
  NodeId node = 0;
  bool up = false;
  bool is_reference = false;
  Index commit_index = 0;   // 0 for a crashed node (it forgot)
  Index last_applied = 0;
  // The node's snapshot (dissertation 5.1): the entries through snapshot_index are
  // compacted; snapshot_holds says what its state machine holds ("3 keys: a=1, ...").
  Index snapshot_index = 0;
  Term snapshot_term = 0;
  std::string snapshot_holds;
  std::vector<LogCell> cells;
};

struct LogView {
  std::vector<LogRow> rows;  // rows[0] is node 1
  Index longest = 0;         // the longest log, in entries
  NodeId reference = 0;      // whose log the others are compared with (0: none)
  bool reference_leads = false;  // the reference is the working leader
  Term max_term = 0;
  Index cluster_committed = 0;   // the cluster's committed prefix
  std::vector<Index> in_flight;  // indexes carried by AppendEntries in flight
};

// Live nodes show their log; crashed nodes show what they persisted.
LogView build_log_view(const sim::Simulator& simulator);

// "the leader n2's log", or "n3's log (the most up to date)".
std::string reference_name(const LogView& view);
// What a cell is, in words, for its tooltip: its value, term, whether it is committed,
// and how it compares with the reference log. A description of now, not a forecast.
std::string describe_cell(const LogView& view, const LogRow& row, const LogCell& cell);
// What a cell shows in at most `room` characters: a configuration entry (its command
// "config voters 1 2 3 ...") says "config", anything longer is cut with a '~'.
std::string cell_label(const LogCell& cell, std::size_t room = 6);

// A column of the windowed log view: entries first..last shown one per column, or,
// for a gap, those entries folded into one column.
struct LogColumn {
  Index first = 0;
  Index last = 0;
  bool gap = false;
  Index count() const { return last - first + 1; }
};
// At most `max_columns` columns (at least 3) covering entries 1..view.longest in order.
// What matters is kept in view, first things first: the end of the longest log, the
// first entries that differ from the reference, the commit points, the entries in
// flight; then the columns left are filled around those. All entries, one column each,
// when they fit.
std::vector<LogColumn> log_columns(const LogView& view, int max_columns);

}  // namespace gui
